"""Generate every platform's app icon from the one source, resources/icons/metricscape.svg.

    python packaging/icons.py OUT_DIR

writes OUT_DIR/hicolor/<N>x<N>/apps/metricscape.png (+ scalable/apps/metricscape.svg) for
Linux desktops, OUT_DIR/metricscape.ico for Windows and OUT_DIR/metricscape.icns for macOS.
Qt renders the SVG at each size (crisper than shrinking one big bitmap); Pillow writes the
.ico/.icns containers, which Qt cannot.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "metricscape.svg"
NAME = "metricscape"

# The freedesktop icon theme's usual sizes (launchers, menus, task bars, file managers).
LINUX_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# Windows Explorer and the task bar at 100-200 % scaling; 256 is the largest .ico entry.
WINDOWS_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# macOS iconsets: 16, 32, 128, 256, 512 points at 1x and 2x.
MACOS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG rendered into a size x size transparent PNG."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG image Qt can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def generate(out_dir: Path, svg: Path = SOURCE) -> dict[str, Path]:
    """Write the Linux PNG set, the .ico and the .icns; return the main paths."""
    from PIL import Image

    _ensure_gui_application()
    sizes = sorted(set(LINUX_SIZES) | set(WINDOWS_SIZES) | set(MACOS_SIZES))
    images = {size: Image.open(io.BytesIO(render_png(svg, size))) for size in sizes}
    for image in images.values():
        image.load()

    hicolor = out_dir / "hicolor"
    for size in LINUX_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        images[size].save(target)
    scalable = hicolor / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)

    ico = out_dir / f"{NAME}.ico"
    largest = max(WINDOWS_SIZES)
    images[largest].save(ico, format="ICO", sizes=[(s, s) for s in WINDOWS_SIZES],
                         append_images=[images[s] for s in WINDOWS_SIZES if s != largest])

    icns = out_dir / f"{NAME}.icns"
    largest = max(MACOS_SIZES)
    images[largest].save(icns, format="ICNS",
                         append_images=[images[s] for s in MACOS_SIZES if s != largest])
    return {"hicolor": hicolor, "ico": ico, "icns": icns}


_app = None  # kept alive for the rest of the process once created


def _ensure_gui_application() -> None:
    """QPainter needs a QGuiApplication; offscreen, so no display is required."""
    global _app
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication([])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python packaging/icons.py OUT_DIR")
    for kind, path in generate(Path(sys.argv[1])).items():
        print(f"{kind}: {path}")
