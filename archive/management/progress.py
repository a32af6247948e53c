"""A plain-text progress bar for management commands (no dependency needed)."""

from django.core.management.base import OutputWrapper

WIDTH = 30


class ProgressBar:
    """Redraw "label [#####     ] done/total" on one line of a stream, a hundred times at most."""

    def __init__(self, stream: OutputWrapper, *, label: str, total: int | None = None):
        self.stream = stream
        self.label = label
        self.total = total
        self._drawn = -1
        self._open = False

    def update(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        step = done * 100 // self.total if self.total else done
        if step == self._drawn and done != self.total:
            return
        self._drawn = step
        if self.total:
            filled = WIDTH * min(done, self.total) // self.total
            bar = "#" * filled + " " * (WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total}", ending="")
        else:
            self.stream.write(f"\r{self.label} {done}", ending="")
        self.stream.flush()
        self._open = True

    def clear_line(self) -> None:
        """End the bar's line so that other output starts on a fresh one."""
        if self._open:
            self.stream.write("")
            self.stream.flush()
            self._open = False
            self._drawn = -1
