"""The charts: one interface, two drawers.

``plan`` says what each chart shows, as a spec, and ``draw`` turns specs
into SVG through the cache; pages and PDFs ask for a chart by name and
never see which drawer drew it. Which kind goes where, and why:

- **Baton's own drawer** (``native``, on ``canvas``) draws the charts every
  project and benefit carries: milestone slip, budget burn, risk heat map,
  RAG history, benefit trajectory. They are four to a project page on up to
  a thousand pages, and few and fixed in kind; vl-convert lays out each
  label as paths, about a millisecond a label, which was two minutes of a
  thousand-project build. Baton's drawer measures text from the theme's
  font files instead, in about a millisecond a chart.
- **Vega-Lite through Altair** (``vega``) draws the program's charts: the
  roadmap, team load, the program's RAG history and risk map. There are a
  handful a site, and they are the richest (bands, layers, faceting), so a
  general grammar earns its cost there.

``style`` is what both share (sizes, axis formats, the theme's look), so
the two kinds read as one family.
"""
