"""The package as users get it: its version, the library it loads (and the
ones it refuses), `python -m leadbook`, pip install into a virtual
environment, and CMake's install rule. Each case runs a fresh interpreter."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import leadbook

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(leadbook.__file__)))
OTHER_VERSION = os.environ.get("LEADBOOK_TEST_OTHER_VERSION_LIBRARY", "")


def run_python(code_or_args, env=None, python=sys.executable, cwd=None):
    """Runs python with ``-c code`` (or the argument list) and returns the
    completed process (text output)."""
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run([python, *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def environment(**changes):
    """This process's environment with ``changes`` (None removes a name)."""
    env = dict(os.environ)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def copy_package(destination):
    """A copy of the package (its .py files and py.typed) in ``destination``."""
    target = os.path.join(destination, "leadbook")
    shutil.copytree(os.path.join(PACKAGE_DIR, "leadbook"), target,
                    ignore=shutil.ignore_patterns("__pycache__", "libleadbook.so*"))
    return target


class VersionTest(unittest.TestCase):
    def test_package_version_is_the_project_version(self):
        # pyproject.toml takes the version from leadbook/_version.py; CMake's
        # project version is the library's. The two are one release.
        self.assertEqual(leadbook.__version__, os.environ["LEADBOOK_TEST_PROJECT_VERSION"])

    def test_library_version_agrees(self):
        self.assertEqual(leadbook.library_version().split(".")[:2],
                         leadbook.__version__.split(".")[:2])
        self.assertTrue(leadbook._native.compatible("1.4.0", "1.4.7"))
        self.assertFalse(leadbook._native.compatible("1.5.0", "1.4.0"))
        self.assertFalse(leadbook._native.compatible("2.4.0", "1.4.0"))

    def test_py_typed_marker(self):
        self.assertTrue(os.path.isfile(os.path.join(PACKAGE_DIR, "leadbook", "py.typed")))


class MainTest(unittest.TestCase):
    def test_python_m_leadbook_says_what_it_found(self):
        done = run_python(["-m", "leadbook"])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(f"leadbook Python package {leadbook.__version__}", done.stdout)
        self.assertIn(f"leadbook C library {leadbook.library_version()}: "
                      f"{os.environ['LEADBOOK_LIBRARY']}", done.stdout)


class BadLibraryTest(unittest.TestCase):
    """LEADBOOK_LIBRARY naming something that is not a usable library: the
    import fails with an ImportError that says what and where, and nothing
    else is tried."""

    def import_with(self, path):
        done = run_python("import leadbook", env=environment(LEADBOOK_LIBRARY=path))
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("ImportError", done.stderr)
        return done.stderr

    def test_other_version(self):
        self.assertTrue(os.path.isfile(OTHER_VERSION), OTHER_VERSION)
        message = self.import_with(OTHER_VERSION)
        self.assertIn(f"{OTHER_VERSION} is leadbook 9.1.0, and this Python package is "
                      f"leadbook {leadbook.__version__}", message)
        self.assertIn("same major and minor version", message)

    def test_a_text_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "libleadbook.so")
            with open(path, "w", encoding="utf-8") as file:
                file.write("not a library\n")
            message = self.import_with(path)
        self.assertIn(f"LEADBOOK_LIBRARY={path} cannot be loaded as the leadbook library",
                      message)

    def test_another_shared_library(self):
        # A real shared library, but not leadbook: the one of the test program's
        # C runtime is always there.
        libc = "libc.so.6"
        message = self.import_with(libc)
        self.assertIn(f"LEADBOOK_LIBRARY={libc} is not the leadbook library: it has no "
                      "function leadbook_version", message)

    def test_missing_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "nowhere", "libleadbook.so")
            message = self.import_with(path)
        self.assertIn(f"LEADBOOK_LIBRARY={path} cannot be loaded", message)


class SearchTest(unittest.TestCase):
    """Without LEADBOOK_LIBRARY the package looks in several places; a
    library of another version next to it is passed over, and the error
    (when nothing fits) lists every place and the versions found."""

    def test_other_version_beside_the_package_is_passed_over(self):
        with tempfile.TemporaryDirectory() as tmp:
            package = copy_package(tmp)
            shutil.copy(OTHER_VERSION, os.path.join(package, "libleadbook.so.0"))
            # The right one where the system loader looks.
            env = environment(LEADBOOK_LIBRARY=None, PYTHONPATH=tmp,
                              LD_LIBRARY_PATH=os.path.dirname(os.environ["LEADBOOK_LIBRARY"]))
            done = run_python(["-m", "leadbook"], env=env, cwd=tmp)
            self.assertEqual(done.returncode, 0, done.stderr)
            beside = os.path.join(package, "libleadbook.so.0")
            self.assertIn(f"  {beside}: version 9.1.0, not {leadbook.__version__}", done.stdout)
            self.assertIn(f"leadbook C library {leadbook.library_version()}: libleadbook.so.0",
                          done.stdout)

    def test_nothing_fits(self):
        with tempfile.TemporaryDirectory() as tmp:
            package = copy_package(tmp)
            shutil.copy(OTHER_VERSION, os.path.join(package, "libleadbook.so.0"))
            env = environment(LEADBOOK_LIBRARY=None, PYTHONPATH=tmp, LD_LIBRARY_PATH=None)
            done = run_python("import leadbook", env=env, cwd=tmp)
        self.assertNotEqual(done.returncode, 0)
        message = done.stderr
        self.assertIn("cannot load the leadbook C library", message)
        self.assertIn("$LEADBOOK_LIBRARY: not set", message)
        self.assertIn(f"{os.path.join(package, 'libleadbook.so.0')}: version 9.1.0, not "
                      f"{leadbook.__version__}", message)
        root = os.path.normpath(os.path.join(package, "..", "..", ".."))
        self.assertIn(os.path.join(root, "build", "*", "libleadbook.so"), message)
        self.assertIn(f"{os.path.join(package, '_installed.py')}: not installed by CMake", message)
        self.assertIn("  libleadbook.so.0: ", message)


class InstallTest(unittest.TestCase):
    def test_pip_install_into_a_virtual_environment(self):
        """pip install --no-build-isolation works without network, with
        Debian's setuptools, and the installed package has its py.typed."""
        with tempfile.TemporaryDirectory() as tmp:
            source = os.path.join(tmp, "source")
            shutil.copytree(PACKAGE_DIR, source,
                            ignore=shutil.ignore_patterns("__pycache__", "tests", "build",
                                                          "*.egg-info"))
            venv = os.path.join(tmp, "venv")
            # Tools that never load the library run without a sanitizer runtime
            # preloaded (a sanitizer build's tests preload one).
            done = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", venv],
                                  env=environment(LD_PRELOAD=None), capture_output=True,
                                  text=True, timeout=600)
            self.assertEqual(done.returncode, 0, done.stderr)
            python = os.path.join(venv, "bin", "python")
            env = environment(PYTHONPATH=None, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
            done = run_python(["-m", "pip", "install", "--no-build-isolation", "--no-index",
                               source], env={**env, "LD_PRELOAD": ""}, python=python, cwd=tmp)
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            done = run_python(
                "import leadbook, os, sys; print(leadbook.__version__); "
                "print(os.path.isfile(os.path.join(os.path.dirname(leadbook.__file__), "
                "'py.typed'))); print(leadbook.__file__.startswith(sys.prefix))",
                env=env, python=python, cwd=tmp)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(done.stdout.split(), [leadbook.__version__, "True", "True"])
            done = run_python(["-m", "pip", "show", "leadbook"], env={**env, "LD_PRELOAD": ""},
                              python=python, cwd=tmp)
            self.assertIn(f"Version: {leadbook.__version__}", done.stdout)

    def test_cmake_install_puts_the_package_next_to_the_library(self):
        """cmake --install writes the package under
        LEADBOOK_PYTHON_INSTALL_DIR, and the installed package finds the
        installed library without being told where it is."""
        with tempfile.TemporaryDirectory() as tmp:
            prefix = os.path.join(tmp, "prefix")
            done = subprocess.run([os.environ["LEADBOOK_TEST_CMAKE"], "--install",
                                   os.environ["LEADBOOK_TEST_BUILD_DIR"], "--prefix", prefix],
                                  env=environment(LD_PRELOAD=None), capture_output=True,
                                  text=True, timeout=600)
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            site = os.path.join(prefix, os.environ["LEADBOOK_TEST_PYTHON_INSTALL_DIR"])
            self.assertTrue(os.path.isfile(os.path.join(site, "leadbook", "py.typed")))
            env = environment(LEADBOOK_LIBRARY=None, PYTHONPATH=site, LD_LIBRARY_PATH=None)
            done = run_python(["-m", "leadbook"], env=env, cwd=tmp)
            self.assertEqual(done.returncode, 0, done.stderr)
            found = done.stdout.splitlines()[1]
            self.assertTrue(found.startswith(f"leadbook C library {leadbook.library_version()}: "
                                             f"{prefix}/"), done.stdout)
            self.assertTrue(found.endswith("/libleadbook.so.0"), found)


if __name__ == "__main__":
    unittest.main()
