#!/usr/bin/env python3
"""Writes the man page of the leadbook tool from the tool's own help.

    python3 man_page.py LEADBOOK OUTPUT.1

Runs `LEADBOOK --help`, `LEADBOOK --version` and `LEADBOOK help COMMAND` for
every command, so the page says what the tool says and cannot drift from
it. The global help's first line is the synopsis, its text up to the first
heading the description, and each "Heading:" section a man page section
whose "  TERM   description" lines become tagged paragraphs; each command's
help follows, as printed, under COMMAND REFERENCE.
"""
import re
import subprocess
import sys


def run(program, *args):
    return subprocess.run([program, *args], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


def escape(text):
    """Text as roff shows it: backslashes escaped, no line read as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text.startswith((".", "'")) else text


def section_name(heading):
    # "Global options (before the command)" -> GLOBAL OPTIONS
    return re.sub(r"\s*\(.*\)$", "", heading).upper()


def tagged_paragraphs(lines):
    """Lines of "  TERM   description" items, continued by lines indented
    to the description, as .TP paragraphs."""
    out = []
    for line in lines:
        item = re.match(r"^  (\S.*?)(?:\s{2,}(\S.*))?$", line)
        if item:
            out += [".TP", "\\fB" + escape(item.group(1)) + "\\fR"]
            if item.group(2):
                out.append(escape(item.group(2)))
        elif line.strip():
            out.append(escape(line.strip()))
    return out


def main():
    program, output = sys.argv[1], sys.argv[2]
    usage = run(program, "--help").splitlines()
    version = run(program, "--version").split()[-1]
    commands = []
    for line in run(program, "--commands").splitlines():
        group = line.split()[0]
        if group != "help" and group not in commands:
            commands.append(group)

    synopsis = usage[0].removeprefix("Usage: ")
    page = [
        '.TH LEADBOOK 1 "" "leadbook %s" "User Commands"' % version,
        ".SH NAME",
        "leadbook \\- track sales leads in a SQLite database file",
        ".SH SYNOPSIS",
        ".B leadbook",
        escape(synopsis.removeprefix("leadbook ")),
        ".SH DESCRIPTION",
    ]
    sections = []  # (heading, lines)
    description = []
    for line in usage[1:]:
        heading = re.match(r"^(\S.*):$", line)
        if heading:
            sections.append((heading.group(1), []))
        elif sections:
            sections[-1][1].append(line)
        elif line.strip():
            description.append(escape(line.strip()))
    page += description
    for heading, lines in sections:
        page += [".SH " + section_name(heading)] + tagged_paragraphs(lines)
    page.append(".SH COMMAND REFERENCE")
    for group in commands:
        page += [".SS " + group, ".nf"]
        page += [escape(line) for line in run(program, "help", group).splitlines()]
        page.append(".fi")
    page += [".SH SEE ALSO",
             "The README and the guides in the leadbook documentation folder."]
    with open(output, "w", encoding="utf-8") as file:
        file.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()
