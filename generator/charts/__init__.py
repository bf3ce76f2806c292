"""The charts: what each shows (plan), and two drawers: Baton's own SVG for
per-project charts (native), Vega-Lite for the program's (vega)."""
