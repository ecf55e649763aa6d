"""The Python examples of the documentation run and do what they say:
every ```python block of docs/python.md (in order, as one program) and of
README.md's "Quick start: Python", each in a fresh interpreter in an empty
directory."""

import os
import re
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = os.environ.get(
    "LEADBOOK_TEST_SOURCE_DIR",
    os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")))

_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def python_blocks(text):
    """The code of the ```python blocks of a Markdown text, in order."""
    return [match.group(1) for match in _BLOCK.finditer(text)]


def section(text, heading):
    """The part of a Markdown text under ``## heading``, to the next
    ``## `` heading."""
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:] if end == -1 else text[start:end]


class DocsTest(unittest.TestCase):
    def run_program(self, code):
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run([sys.executable, "-c", code], cwd=tmp, capture_output=True,
                                  text=True, timeout=300)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        return done.stdout

    def test_python_guide(self):
        with open(os.path.join(SOURCE_DIR, "docs", "python.md"), encoding="utf-8") as file:
            blocks = python_blocks(file.read())
        self.assertGreaterEqual(len(blocks), 8)
        output = self.run_program("\n".join(blocks))
        # What the comments of the guide say comes out.
        self.assertIn("Lead has no field 'compnay'", output)
        self.assertIn("is a naive datetime", output)
        self.assertIn("money is not taken from a float", output)
        self.assertIn("not_found", output)
        self.assertIn("conflict", output)

    def test_readme_quick_start(self):
        with open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8") as file:
            blocks = python_blocks(section(file.read(), "Quick start: Python"))
        self.assertEqual(len(blocks), 1)
        output = self.run_program(blocks[0])
        self.assertIn("Jane Doe", output)


if __name__ == "__main__":
    unittest.main()
