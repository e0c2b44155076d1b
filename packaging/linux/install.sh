#!/bin/sh
# Install Metricscape for the current user (no root needed): the app folder, a command,
# the menu entry, the icons and the file type for *.metricscape.json.
#   ./install.sh              install from the folder this script is in
#   ./install.sh --uninstall  remove it again
# Honours XDG_DATA_HOME (default ~/.local/share); the command goes to ~/.local/bin.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APP=$DATA/metricscape/app
BIN=${METRICSCAPE_BIN_DIR:-$HOME/.local/bin}

refresh() {  # let the desktop notice; these tools are absent on some systems, which is fine
    command -v update-mime-database >/dev/null && update-mime-database "$DATA/mime" || true
    command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$APP"
    rm -f "$BIN/metricscape" "$DATA/applications/metricscape.desktop" "$DATA/mime/packages/metricscape.xml"
    find "$DATA/icons/hicolor" -name 'metricscape.*' -delete 2>/dev/null || true
    refresh
    echo "Metricscape was removed."
    exit 0
fi

[ -x "$HERE/metricscape" ] || { echo "install.sh: run me from the Metricscape folder (no metricscape here: $HERE)" >&2; exit 1; }

mkdir -p "$APP" "$BIN" "$DATA/applications" "$DATA/mime/packages" "$DATA/icons"
rm -rf "$APP"
cp -R "$HERE" "$APP"
ln -sf "$APP/metricscape" "$BIN/metricscape"
# The menu entry points at the installed app, so it works even when ~/.local/bin is not on PATH.
sed -e "s|^Exec=.*|Exec=\"$APP/metricscape\" %F|" -e "s|^TryExec=.*|TryExec=$APP/metricscape|" \
    "$HERE/share/applications/metricscape.desktop" > "$DATA/applications/metricscape.desktop"
cp "$HERE/share/mime/packages/metricscape.xml" "$DATA/mime/packages/metricscape.xml"
cp -R "$HERE/share/icons/hicolor" "$DATA/icons/"
refresh
echo "Metricscape is installed: find it in your applications menu, or run $BIN/metricscape"
