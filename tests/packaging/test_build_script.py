"""The build script's checks of a bundle, on small fake bundles (the real build runs in CI)."""

import json
import subprocess
import sys


def fake_bundle(root, contents_module, *, leave_out=()):
    app = root / "Metricscape"
    package = app / "_internal" / "metricscape"
    for relative in contents_module.REQUIRED_DATA:
        if relative in leave_out:
            continue
        target = package / relative
        if "." in target.name:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"x" * 1000)
        else:
            target.mkdir(parents=True, exist_ok=True)
            (target / "example.json").write_bytes(b"{}")
    for relative in contents_module.REQUIRED_LIBRARY_DATA:
        if relative not in leave_out:
            (app / "_internal" / relative).parent.mkdir(parents=True, exist_ok=True)
            (app / "_internal" / relative).write_bytes(b"x")
    return app


def test_a_complete_bundle_passes_the_contents_check(tmp_path, build_module, contents_module):
    app = fake_bundle(tmp_path, contents_module)

    assert build_module.check_contents(app) == []


def test_missing_data_and_stray_qt_modules_are_named(tmp_path, build_module, contents_module):
    app = fake_bundle(tmp_path, contents_module,
                      leave_out=("resources/fonts/Inter-Regular.ttf", "pptx/templates/default.pptx"))
    (app / "_internal" / "PySide6").mkdir()
    (app / "_internal" / "PySide6" / "QtWebEngineCore.abi3.so").write_bytes(b"")

    problems = build_module.check_contents(app)

    assert "the bundle lacks metricscape/resources/fonts/Inter-Regular.ttf" in problems
    assert "the bundle lacks pptx/templates/default.pptx" in problems
    assert "the bundle contains the excluded Qt module QtWebEngineCore" in problems


def test_sizes_are_reported_largest_first(tmp_path, build_module):
    app = tmp_path / "Metricscape"
    (app / "_internal" / "big").mkdir(parents=True)
    (app / "_internal" / "big" / "lib.so").write_bytes(b"x" * 3_000_000)
    (app / "_internal" / "small.so").write_bytes(b"x" * 1_000_000)
    (app / "metricscape").write_bytes(b"x" * 500_000)
    (app / "_internal" / "link.so").symlink_to("big/lib.so")  # PyInstaller links duplicates

    assert build_module.folder_size(app) == 4_500_000
    assert build_module.largest_parts(app) == {"big": 3.0, "small.so": 1.0}


def test_requirements_are_checked_by_distribution_name(build_module):
    assert build_module._installed("pydantic>=2.7,<3")
    assert not build_module._installed("no-such-distribution-xyz>=1")


def test_the_ci_entry_point_reports_json_and_fails_on_a_missing_bundle(tmp_path, build_module):
    script = build_module.HERE / "build.py"
    result = subprocess.run([sys.executable, str(script), "--skip-build", "--dist", str(tmp_path)],
                            capture_output=True, text=True, timeout=120, check=False)

    assert result.returncode == 1
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["ok"] is False
    assert "build first" in report["problems"][0]


def test_install_sh_installs_for_the_user_and_uninstalls(tmp_path, build_module, icons_module, qapp):
    app = tmp_path / "dist" / "Metricscape"
    app.mkdir(parents=True)
    (app / "metricscape").write_text("#!/bin/sh\necho metricscape 0.1.0\n")
    (app / "metricscape").chmod(0o755)
    icons_module.generate(tmp_path / "icons")
    build_module.add_linux_desktop_files(app, tmp_path / "icons")
    home, data = tmp_path / "home", tmp_path / "home" / "data"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(data), "PATH": "/usr/bin:/bin"}

    subprocess.run(["sh", str(app / "install.sh")], check=True, env=env, capture_output=True)

    installed = data / "metricscape" / "app" / "metricscape"
    assert subprocess.run([str(home / ".local" / "bin" / "metricscape")], capture_output=True,
                          text=True, check=True).stdout == "metricscape 0.1.0\n"
    desktop = (data / "applications" / "metricscape.desktop").read_text()
    assert f'Exec="{installed}" %F' in desktop
    assert (data / "mime" / "packages" / "metricscape.xml").exists()
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / "metricscape.png").exists()

    subprocess.run(["sh", str(app / "install.sh"), "--uninstall"], check=True, env=env, capture_output=True)

    assert not installed.exists()
    assert not (data / "applications" / "metricscape.desktop").exists()
    assert not list((data / "icons").rglob("metricscape.*"))
