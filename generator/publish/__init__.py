"""What leaves the build: the PDFs, the feeds, the link check, and the one module that writes the output."""
