"""Analysis tabs whose results cost real work refresh only while someone can see them."""

from __future__ import annotations


class RefreshWhenShown:
    """Mixin for a QWidget with ``refresh_results()``: a hidden tab only notes that it is stale
    and catches up when it is shown, so nothing is computed for a tab nobody looks at."""

    _stale = True

    def showEvent(self, event) -> None:  # Qt's name: this overrides QWidget.showEvent
        super().showEvent(event)  # type: ignore[misc]  # a mixin for QWidget subclasses that define refresh_results
        if self._stale:
            self.refresh_results()  # type: ignore[attr-defined]  # a mixin for QWidget subclasses that define refresh_results

    def defer_while_hidden(self) -> bool:
        """True, and remembered, when the tab is hidden: the caller skips its work for now."""
        self._stale = not self.isVisible()  # type: ignore[attr-defined]  # a mixin for QWidget subclasses that define refresh_results
        return self._stale
