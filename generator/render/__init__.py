"""The site's files from the report: pages through Jinja, report.json."""
