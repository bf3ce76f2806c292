"""Reading inside the content folder only: every file read and every folder
listed goes through :meth:`FolderReader.inside` first, so nothing outside the
content folder is read, however a symlink points; and one YAML file, or a
Markdown file's front matter, read into a model object with every problem
reported."""

from __future__ import annotations

import os
from pathlib import Path

from generator.content.fields import Reader, read_object, yaml_keys
from generator.content.sources import Nodes, SourceText, parse_yaml, read_text, split_front_matter
from generator.errors import Diagnostics, Loc


class FolderReader:
    """Files and folders of one content folder, read safely, problems to ``diags``."""

    def __init__(self, root: Path, diags: Diagnostics):
        self.root = root.absolute()
        self.real_root = Path(os.path.realpath(self.root))
        self.diags = diags

    def loc(self, path: Path, line: int = 1, col: int = 1) -> Loc:
        return Loc(str(path), line, col)

    def inside(self, path: Path) -> bool:
        """Whether ``path``, every symlink on the way resolved, is in the
        content folder. If not, an error names it; what it points at is
        never read, so never quoted."""
        real = Path(os.path.realpath(path))
        if real == self.real_root or real.is_relative_to(self.real_root):
            return True
        self.diags.error(self.loc(path), "a symlink that leads outside the content folder; "
                         "Baton does not read it", "replace the link with the file or folder itself")
        return False

    def folder(self, path: Path, what: str) -> list[Path] | None:
        """The entries of folder ``path``, sorted; None when it is not there.
        A file where the folder should be, or a folder that cannot be read,
        is an error naming it (and None)."""
        if not os.path.lexists(path):
            return None
        if not self.inside(path):
            return None
        if not path.is_dir():
            self.diags.error(self.loc(path), f"{path.name} is a file; {what} must be a folder",
                             f"move it away and make {path.name}/ a folder")
            return None
        try:
            return sorted(path.iterdir())
        except OSError as exc:
            self.diags.error(self.loc(path), f"cannot read folder: {exc.strerror or exc}",
                             "check its permissions")
            return None

    def read_yaml(self, path: Path, cls: type, required: bool = True):
        if os.path.lexists(path) and not self.inside(path):
            return None
        return read_yaml_file(path, cls, self.diags, required)

    def read_node(self, src: SourceText, cls: type, empty: str, **derived):
        return read_yaml_text(src, cls, self.diags, empty, **derived)

    def read_markdown(self, path: Path) -> tuple[SourceText, SourceText] | None:
        if not self.inside(path):
            return None
        src = read_text(path, self.diags)
        if src is None:
            return None
        if not src.text.strip():
            self.diags.error(self.loc(path), "file is empty",
                             "start it with front matter between '---' lines")
            return None
        return split_front_matter(src, self.diags)

    def unreadable(self, exc: OSError) -> None:
        self.diags.error(self.loc(Path(exc.filename or self.root)),
                         f"cannot read folder: {exc.strerror or exc}", "check its permissions")


def read_yaml_file(path: Path, cls: type, diags: Diagnostics, required: bool = True):
    """Read one YAML file into a ``cls`` object; ``None`` (with the problems
    reported) when it is missing, unreadable or wrong."""
    if not path.is_file():
        if path.is_dir():
            diags.error(Loc(str(path)), f"{path.name} is a folder; it must be a file",
                        f"move the folder away and write {path.name} in its place")
        elif required:
            diags.error(Loc(str(path)), f"{path.name} is missing", "required: " + _required_keys(cls))
        return None
    src = read_text(path, diags)
    if src is None:
        return None
    return read_yaml_text(src, cls, diags, f"{path.name} is empty")


def read_yaml_text(src: SourceText, cls: type, diags: Diagnostics, empty: str, **derived):
    """Read YAML text (a file, or a report's front matter) into a ``cls`` object."""
    errors_before = len(diags.items)
    node = parse_yaml(src, diags)
    if node is None:
        if len(diags.items) == errors_before:
            diags.error(Loc(src.path, src.first_line, 1), empty, "required: " + _required_keys(cls))
        return None
    return read_object(cls, node, Reader(Nodes(src), diags), **derived)


def _required_keys(cls: type) -> str:
    keys = [name for name, (_, spec) in yaml_keys(cls).items() if spec.required]
    return ", ".join(keys) if keys else "nothing; the file may hold '{}'"
