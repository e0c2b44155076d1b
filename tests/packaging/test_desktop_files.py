"""The Linux menu entry and the file type for *.metricscape.json agree with each other."""

import configparser
import fnmatch
import xml.etree.ElementTree as ET
from pathlib import Path

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / "metricscape.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def mime_type():
    root = ET.parse(LINUX / "metricscape-mime.xml").getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    [element] = root.findall(f"{MIME_NS}mime-type")
    return element


def test_the_menu_entry_launches_the_app_with_the_files_it_is_given():
    entry = desktop_entry()

    assert entry["Type"] == "Application"
    assert entry["Name"] == "Metricscape"
    assert entry["Exec"].split() == ["metricscape", "%F"]
    assert entry["Terminal"] == "false"
    assert entry["Icon"] == "metricscape"  # the name the icons are installed under
    assert all(value.endswith(";") for key, value in entry.items()
               if key in ("Categories", "Keywords", "MimeType"))


def test_the_menu_entry_opens_the_model_file_type():
    assert mime_type().get("type") in desktop_entry()["MimeType"].split(";")


def test_model_files_are_recognised_by_name_and_plain_json_is_not():
    patterns = [g.get("pattern") for g in mime_type().findall(f"{MIME_NS}glob")]

    def matches(name):
        return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)

    assert matches("north star.metricscape.json")
    assert not matches("package.json")
    assert not matches("notes.metricscape.json.bak")


def test_the_file_type_is_a_kind_of_json_with_the_app_icon():
    element = mime_type()

    assert element.find(f"{MIME_NS}sub-class-of").get("type") == "application/json"
    assert element.find(f"{MIME_NS}icon").get("name") == desktop_entry()["Icon"]
    assert element.find(f"{MIME_NS}comment").text == "Metricscape model"
