"""The main window's actions, menus and toolbar: familiar names, standard shortcuts, tooltips."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar

from .controller import ALIGN_MODES
from .export.formats import export_summary
from .theme_menu import build_theme_menu  # issue 14
from .themed_icons import follow_theme  # issue 14

if TYPE_CHECKING:
    from .document_tab import DocumentTab
    from .shell import Shell

Key = QKeySequence.StandardKey
ALIGN_TEXT = {"left": "Align left edges", "centre": "Align centres (vertical line)", "top": "Align top edges",
              "middle": "Align middles (horizontal line)", "distribute": "Space evenly in a row"}


def _action(window: Shell, text: str, tip: str, slot: Callable[[], object],
            keys: Key | str | None = None, icon: QStyle.StandardPixmap | None = None) -> QAction:
    action = QAction(text, window.as_widget())
    action.setToolTip(tip)
    action.setStatusTip(tip)
    if isinstance(keys, Key):
        action.setShortcuts(keys)  # every platform binding, not just the first (see notes.md)
    elif keys:
        action.setShortcut(QKeySequence(keys))
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    if action.shortcut().toString():
        action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def build_actions(w: Shell) -> dict[str, QAction | QMenu]:
    on_tab = w.run_on_tab
    P = QStyle.StandardPixmap
    a: dict[str, QAction | QMenu] = {
        "new": _action(w, "&New model", "Start an empty model", w.new_document, Key.New, P.SP_FileIcon),
        "open": _action(w, "&Open…", "Open a model file", w.open_dialog, Key.Open, P.SP_DialogOpenButton),
        "save": _action(w, "&Save", "Save the model", w.save, Key.Save, P.SP_DialogSaveButton),
        "save_as": _action(w, "Save &as…", "Save the model under a new name", w.save_as, Key.SaveAs),
        "close": _action(w, "&Close model", "Close the current model",
                         w.close_current, Key.Close),
        "quit": _action(w, "&Quit", "Close every model and quit", w.close, Key.Quit),
        "cut": _action(w, "Cu&t", "Cut the selected metrics", on_tab(lambda t: t.controller.cut()), Key.Cut),
        "copy": _action(w, "&Copy", "Copy the selected metrics (also into another window)",
                        on_tab(lambda t: t.controller.copy()), Key.Copy),
        "paste": _action(w, "&Paste", "Paste copied metrics", on_tab(lambda t: t.controller.paste()), Key.Paste),
        "duplicate": _action(w, "D&uplicate", "Duplicate the selected metrics",
                             on_tab(lambda t: t.controller.duplicate()), "Ctrl+D"),
        "delete": _action(w, "&Delete", "Delete the selected metrics and their links",
                          on_tab(lambda t: t.controller.delete_selection()), Key.Delete),
        "select_all": _action(w, "Select &all", "Select every metric", on_tab(_select_all), Key.SelectAll),
        "add_metric": _action(w, "Add &metric", "Add a metric in the middle of the view",
                              on_tab(_add_in_middle), "Ctrl+Shift+M", P.SP_FileDialogNewFolder),
        "add_input": _action(w, "Add &input\tTab", "Add an input that drives the selected metric (Tab)",
                             on_tab(lambda t: t.controller.add_input())),
        "add_sibling": _action(w, "Add &sibling\tEnter", "Add a metric beside the selected one (Enter)",
                               on_tab(lambda t: t.controller.add_sibling())),
        "rename": _action(w, "&Rename", "Rename the selected metric", on_tab(_rename), "F2"),
        "collapse": _action(w, "Collapse / e&xpand", "Hide or show the drivers under the selected metric",
                            on_tab(lambda t: t.controller.toggle_collapse()), "Ctrl+Shift+E"),
        "auto_layout": _action(w, "Auto-&layout", "Arrange the tree tidily, north star on top",
                               on_tab(_auto_layout), "Ctrl+L", P.SP_BrowserReload),
        "zoom_in": _action(w, "Zoom &in", "Zoom in", on_tab(lambda t: t.view.zoom_in()), Key.ZoomIn),
        "zoom_out": _action(w, "Zoom &out", "Zoom out", on_tab(lambda t: t.view.zoom_out()), Key.ZoomOut),
        "fit": _action(w, "&Fit to window", "Show the whole tree", on_tab(lambda t: t.view.fit_to_view()),
                       "Ctrl+0", P.SP_TitleBarMaxButton),
        "zoom_selection": _action(w, "Zoom to &selection", "Zoom to the selected metrics",
                                  on_tab(lambda t: t.view.zoom_to_selection()), "Ctrl+Shift+0"),
        "find": _action(w, "&Find metric…", "Find a metric by name and jump to it", lambda: _focus_search(w), Key.Find),
        "export": _action(w, "&Export…", export_summary(), lambda: _share().export_dialog(w),
                          "Ctrl+E", P.SP_ArrowUp),
        "copy_diagram": _action(w, "Copy &diagram", "Copy the whole diagram as a picture, SVG and Mermaid text, "
                                "to paste into slides, documents or wikis", lambda: _share().copy_diagram(w),
                                "Ctrl+Shift+C"),
        "import_experiments": _action(w, "&Import experiments…", "Import past A/B tests (a CSV with the columns "
                                      "experiment, metric, lift, se) to validate proxies and size experiments",
                                      lambda: w.evidence.import_experiments()),
        "import_actuals": _action(w, "&Import actuals…", "Bring in measured values from a CSV, Excel, Parquet or "
                                  "JSON file", lambda: w.actuals.start_import()),
        "refresh_actuals": _action(w, "Re&fresh actuals", "Re-read the model's data files; the periods added or "
                                   "changed are one undo step", lambda: w.actuals.refresh()),
        "compare_file": _action(w, "Co&mpare with file…", "See what changed between this model and another file",
                                lambda: _share().compare_with_file(w)),
        "compare_saved": _action(w, "Compare with sa&ved version", "See what changed since you last saved",
                                 lambda: _share().compare_with_saved(w)),
        "preferences": _action(w, "Pre&ferences…", "Theme, snapping and autosave", lambda: _preferences(w),
                               Key.Preferences),
        "about": _action(w, "&About Metricscape", "Version and licence", lambda: _about(w)),
        "user_guide": _action(w, "&User guide", "How to build, check and share a metric tree (works offline)",
                              lambda: _help().show_guide(w), Key.HelpContents),
        "shortcuts": _action(w, "&Keyboard shortcuts", "Every shortcut on one sheet (?)",
                             lambda: _help().show_shortcuts(w), "?"),
        "rename_id": _action(w, "Rename &id…", "Change the id formulas and files use for the selected metric",
                             on_tab(_rename_id)),
    }
    a["examples_menu"] = _help().build_examples_menu(w)
    minimap = _action(w, "&Minimap", "Show an overview of the whole tree", lambda: _toggle_minimap(w), "Ctrl+M")
    minimap.setCheckable(True)
    minimap.setChecked(True)
    a["minimap"] = minimap
    undo = w.undo_group.createUndoAction(w.as_widget(), "&Undo")
    undo.setShortcuts(Key.Undo)
    undo.setIcon(w.style().standardIcon(P.SP_ArrowBack))
    undo.setToolTip("Undo the last change")
    redo = w.undo_group.createRedoAction(w.as_widget(), "&Redo")
    redo.setShortcuts(Key.Redo)
    redo.setIcon(w.style().standardIcon(P.SP_ArrowForward))
    redo.setToolTip("Redo the change you undid")
    a["undo"], a["redo"] = undo, redo
    align = QMenu("Ali&gn", w.as_widget())
    for mode in ALIGN_MODES:
        align.addAction(_action(w, ALIGN_TEXT[mode], ALIGN_TEXT[mode], on_tab(partial(_align, mode=mode))))
    a["align_menu"] = align
    a["recent_menu"] = QMenu("Open &recent", w.as_widget())
    a["view_menu"] = QMenu("&Panels", w.as_widget())
    from .simulate_menu import build_simulate_actions  # here: it reuses this module's ``_action``
    a.update(build_simulate_actions(w))
    return a


def build_menus(w: Shell, a: Mapping[str, QAction | QMenu]) -> None:
    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    _fill(file_menu, a, ["new", "open", "recent_menu", None, "save", "save_as", None, "import_actuals", "refresh_actuals",
                         "import_experiments", None, "export", None,
                         "compare_file", "compare_saved", None, "close", "quit"])
    edit_menu = bar.addMenu("&Edit")
    _fill(edit_menu, a, ["undo", "redo", None, "cut", "copy", "copy_diagram", "paste", "duplicate", "delete",
                         "select_all", None,
                         "add_metric", "add_input", "add_sibling", "rename", "rename_id", None, "preferences"])
    arrange = bar.addMenu("&Arrange")
    _fill(arrange, a, ["auto_layout", "align_menu", "collapse"])
    from .simulate_menu import build_simulate_menu
    bar.addMenu(build_simulate_menu(w, a))
    view = bar.addMenu("&View")
    _fill(view, a, ["zoom_in", "zoom_out", "fit", "zoom_selection", None, "find", "minimap", "view_menu"])
    view.addMenu(build_theme_menu(w.as_widget(), w.set_theme))  # issue 14: View ▸ Theme (logic in theme_menu.py)
    help_menu = bar.addMenu("&Help")
    _fill(help_menu, a, ["user_guide", "shortcuts", "examples_menu", None, "about"])


def build_toolbar(w: Shell, a: Mapping[str, QAction | QMenu]) -> QToolBar:
    bar = w.addToolBar("Main")
    bar.setObjectName("main_toolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for name in ("new", "open", "save", None, "undo", "redo", None, "add_metric", "auto_layout", "fit", None, "export"):
        if name is None:
            bar.addSeparator()
        elif isinstance(item := a[name], QAction):
            bar.addAction(item)
    bar.addSeparator()
    bar.addWidget(w.search)
    follow_theme(bar)  # issue 14: icons re-tinted for the dark theme (themed_icons.py)
    return bar


def _fill(menu: QMenu, a: Mapping[str, QAction | QMenu], names: list[str | None]) -> None:
    for name in names:
        if name is None:
            menu.addSeparator()
        elif isinstance(item := a[name], QMenu):
            menu.addMenu(item)
        else:
            menu.addAction(item)


def _share() -> ModuleType:
    """The sharing actions, imported on first use: exports pull in more of Qt."""
    from . import share_actions
    return share_actions


def _help() -> ModuleType:
    from . import help_menu
    return help_menu


def _select_all(tab: DocumentTab) -> None:
    tab.session.scene.select_only([c.metric_id for c in tab.session.scene.cards() if c.isVisible()])


def _add_in_middle(tab: DocumentTab) -> None:
    centre = tab.view.mapToScene(tab.view.viewport().rect().center())
    tab.controller.add_metric_at(QPointF(centre))


def _rename(tab: DocumentTab) -> None:
    ids = tab.session.scene.selected_metric_ids()
    if len(ids) == 1:
        tab.view.start_rename(ids[0])


def _rename_id(tab: DocumentTab) -> None:
    ids = tab.session.scene.selected_metric_ids()
    if len(ids) == 1:
        from .rename_id import ask_rename_id
        ask_rename_id(tab.controller, ids[0], tab)


def _auto_layout(tab: DocumentTab) -> None:
    if tab.controller.auto_layout():
        tab.view.fit_to_view()


def _focus_search(w: Shell) -> None:
    w.search.setFocus()
    w.search.selectAll()


def _toggle_minimap(w: Shell) -> None:
    visible = w.registry.action("minimap").isChecked()
    for tab in w.tabs_of_models():
        tab.set_overview_visible(visible)


def _preferences(w: Shell) -> None:
    from .preferences import PreferencesDialog
    PreferencesDialog(w).exec()


def _about(w: Shell) -> None:
    from metricscape import __version__

    from . import dialogs
    dialogs.ask(w.as_widget(), "About Metricscape", f"Metricscape {__version__}\n\nModel your north star metric and the inputs "
                "that drive it. Works fully offline; nothing is ever sent anywhere.", ["OK"])


def _align(tab: DocumentTab, mode: str) -> None:
    tab.controller.align(mode)
