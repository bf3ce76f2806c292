"""How things read and look, for pages, charts and PDFs alike: the theme, figures as words, Markdown."""
