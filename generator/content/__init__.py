"""Content in: files read safely, typed fields, the model, the loader and the checks across files."""
