"""Every platform's icon is generated from the one SVG, at the sizes the platform asks for."""

import pytest
from PIL import Image


@pytest.fixture(scope="module")
def generated(icons_module, tmp_path_factory, qapp):
    out = tmp_path_factory.mktemp("icons")
    return icons_module.generate(out)


def test_linux_gets_one_png_per_theme_size_plus_the_svg(generated, icons_module):
    paths = generated
    for size in icons_module.LINUX_SIZES:
        with Image.open(paths["hicolor"] / f"{size}x{size}" / "apps" / "metricscape.png") as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
    scalable = paths["hicolor"] / "scalable" / "apps" / "metricscape.svg"
    assert scalable.read_bytes() == icons_module.SOURCE.read_bytes()


def test_windows_ico_holds_every_size_up_to_256(generated, icons_module):
    paths = generated
    with Image.open(paths["ico"]) as ico:
        assert ico.format == "ICO"
        assert ico.info["sizes"] == {(s, s) for s in icons_module.WINDOWS_SIZES}


def test_macos_icns_reaches_retina_512(generated):
    paths = generated
    with Image.open(paths["icns"]) as icns:
        assert icns.format == "ICNS"
        assert (512, 512, 2) in icns.info["sizes"]
        assert (16, 16, 2) in icns.info["sizes"]


@pytest.mark.parametrize("size", [16, 48, 256])
def test_the_icon_is_drawn_opaque_inside_with_transparent_corners(generated, size):
    paths = generated
    with Image.open(paths["hicolor"] / f"{size}x{size}" / "apps" / "metricscape.png") as image:
        assert image.getpixel((size // 2, size // 2))[3] == 255  # the drawing
        assert image.getpixel((0, 0))[3] == 0                   # the rounded corner


def test_an_unreadable_source_is_refused_with_its_name(icons_module, tmp_path, qapp):
    broken = tmp_path / "broken.svg"
    broken.write_text("<svg")

    with pytest.raises(ValueError, match="broken.svg is not an SVG image"):
        icons_module.render_png(broken, 16)
