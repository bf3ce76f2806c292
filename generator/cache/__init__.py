"""What a rebuild may reuse: the keys of a build's inputs and pages, and the
stores that keep them, verified."""
