"""Inline SVG plots that pass the app's CSP (no 'unsafe-inline').

Matplotlib writes its colours as `style="fill: #1f77b4; stroke-width: 1.5"` attributes and
adds a `<style>` element; the CSP blocks both. SVG presentation attributes
(`fill="#1f77b4"`) are not styles in CSP's sense, so each known property moves from the
style attribute to an attribute of its own and everything else is dropped: `<style>`,
`<script>`, `<foreignObject>`, `<metadata>`, event handlers (`on*`), and links that are not
to a fragment of the same document. The app's stylesheet sizes the plot (class `plot`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses SVG the engine wrote, not user input

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

DROPPED = {"script", "style", "foreignObject", "metadata", "title", "iframe", "image"}
PRESENTATION = frozenset(
    {
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-dashoffset",
        "opacity",
        "clip-rule",
        "font-size",
        "font-family",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
    }
)
SAFE_VALUE = re.compile(r"^[#\w\s.,%()'\"-]*$")
LINKS = ("href", f"{{{XLINK_NS}}}href")


class UnreadableSvg(ValueError):
    """The file is not an SVG document."""


def sanitise_svg(text: str, *, css_class: str = "plot", label: str = "") -> str:
    """The SVG markup with styles turned into presentation attributes and anything active
    removed; `label` becomes its accessible name (role="img")."""
    try:
        root = ET.fromstring(text)  # noqa: S314 - see the import
    except ET.ParseError as exc:
        raise UnreadableSvg(str(exc)) from exc
    if _local(root.tag) != "svg":
        raise UnreadableSvg("not an <svg> element")
    _clean(root)
    for size in ("width", "height"):
        root.attrib.pop(size, None)  # the stylesheet sizes it; viewBox keeps the shape
    root.set("class", css_class)
    root.set("role", "img")
    if label:
        root.set("aria-label", label)
    return ET.tostring(root, encoding="unicode")


def _clean(element: ET.Element) -> None:
    for child in list(element):
        if _local(child.tag) in DROPPED or not isinstance(child.tag, str):
            element.remove(child)
        else:
            _clean(child)
    style = element.attrib.pop("style", "")
    for name in list(element.attrib):
        local = _local(name)
        value = element.attrib[name]
        if local.lower().startswith("on") or (name in LINKS and not value.startswith("#")):
            del element.attrib[name]
        elif "url(" in value and not re.fullmatch(r"url\(#[\w-]+\)", value.strip()):
            del element.attrib[name]
    for declaration in style.split(";"):
        prop, _, value = declaration.partition(":")
        prop, value = prop.strip().lower(), value.strip()
        if prop in PRESENTATION and value and SAFE_VALUE.match(value):
            element.set(prop, value)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]
