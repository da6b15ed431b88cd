#!/usr/bin/env python3
"""Draws the seed catalog's product illustrations as small SVG files.

The shop ships its own images (nothing is hotlinked); these are drawn from
simple shapes so they stay a few hundred bytes each and sharp on any screen.
Run: python3 scripts/draw-products.py  (writes public/img/p/*.svg)
"""
import math
import os
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "public", "img", "p")


def svg(bg1, bg2, body):
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">'
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">'
        f'<stop offset="0" stop-color="{bg1}"/><stop offset="1" stop-color="{bg2}"/></linearGradient></defs>'
        f'<rect width="400" height="400" fill="url(#g)"/>{body}</svg>'
    )


def cherry(x, y, r, fill, shine="#fff"):
    return (
        f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}"/>'
        f'<ellipse cx="{x - r * .35}" cy="{y - r * .35}" rx="{r * .22}" ry="{r * .14}" fill="{shine}" opacity=".55"/>'
    )


def cherries(c1, c2):
    stems = ('<path d="M150 250 Q190 140 230 95 M255 245 Q240 160 230 95" stroke="#5b3a1e" '
             'stroke-width="7" fill="none" stroke-linecap="round"/>'
             '<path d="M230 95 Q290 60 320 100 Q275 120 230 95Z" fill="#4e9a3a"/>')
    fruit = cherry(150, 270, 62, c1) + cherry(260, 262, 58, c2)
    return stems + fruit


def apples():
    def apple(x, y, s, fill):
        return (f'<path transform="translate({x} {y}) scale({s})" d="M0 -40 C-35 -70 -85 -45 -80 5 C-75 60 -35 85 0 70 '
                f'C35 85 75 60 80 5 C85 -45 35 -70 0 -40Z" fill="{fill}"/>'
                f'<path transform="translate({x} {y}) scale({s})" d="M0 -40 Q5 -65 18 -78" stroke="#5b3a1e" stroke-width="6" fill="none"/>'
                f'<path transform="translate({x} {y}) scale({s})" d="M8 -62 Q40 -90 60 -62 Q30 -50 8 -62Z" fill="#4e9a3a"/>')
    return apple(140, 230, 1.25, "#d9443a") + apple(270, 250, 1.1, "#e8a33c")


def fillet(fill, stripe):
    lines = "".join(
        f'<path d="M{110 + i * 40} 150 Q{125 + i * 40} 200 {105 + i * 40} 255" stroke="{stripe}" stroke-width="6" fill="none" opacity=".8"/>'
        for i in range(5))
    return (f'<path d="M70 200 Q90 130 200 135 Q320 140 340 190 Q330 260 200 265 Q90 268 70 200Z" fill="{fill}"/>{lines}')


def crab():
    seg = ""
    for i, (x, y, a) in enumerate([(90, 150, 20), (80, 230, -10), (210, 120, 35)]):
        seg += (f'<g transform="translate({x} {y}) rotate({a})">'
                f'<rect x="0" y="0" width="120" height="38" rx="19" fill="#d8432f"/>'
                f'<rect x="112" y="2" width="110" height="34" rx="17" fill="#e4573f"/>'
                f'<circle cx="116" cy="19" r="9" fill="#f4e1c8"/></g>')
    return seg


def nut(x, y, rx, ry, fill, detail, rot=0):
    return (f'<g transform="translate({x} {y}) rotate({rot})"><ellipse rx="{rx}" ry="{ry}" fill="{fill}"/>'
            f'<path d="M0 {-ry * .8} Q{rx * .3} 0 0 {ry * .8}" stroke="{detail}" stroke-width="4" fill="none"/></g>')


def nuts(fill, detail, rx, ry):
    spots = [(120, 170, -20), (200, 150, 15), (280, 175, 40), (150, 250, 70), (240, 255, -35), (320, 255, 5), (90, 280, 10)]
    return "".join(nut(x, y, rx, ry, fill, detail, r) for x, y, r in spots)


def jar(honey, label):
    return ('<rect x="120" y="95" width="160" height="40" rx="8" fill="#c79a3b"/>'
            '<rect x="105" y="130" width="190" height="200" rx="30" fill="#ffffff" opacity=".55"/>'
            f'<rect x="112" y="165" width="176" height="158" rx="26" fill="{honey}"/>'
            f'<rect x="135" y="210" width="130" height="70" rx="10" fill="{label}"/>'
            '<path d="M170 245 l15 -12 l15 12 l15 -12 l15 12" stroke="#7a5a12" stroke-width="5" fill="none"/>')


def bottle(body, label, pills):
    caps = "".join(
        f'<ellipse cx="{x}" cy="{y}" rx="24" ry="13" fill="{pills}" transform="rotate({r} {x} {y})"/>'
        for x, y, r in [(80, 320, 20), (130, 340, -15), (320, 330, 30), (345, 290, -40)])
    return ('<rect x="160" y="70" width="80" height="45" rx="8" fill="#3d5a80"/>'
            f'<rect x="125" y="110" width="150" height="230" rx="26" fill="{body}"/>'
            f'<rect x="140" y="170" width="120" height="100" rx="10" fill="{label}"/>'
            f'<circle cx="200" cy="220" r="26" fill="{pills}"/>' + caps)


def dropper():
    return ('<rect x="180" y="60" width="40" height="70" rx="18" fill="#222"/>'
            '<rect x="170" y="125" width="60" height="25" rx="5" fill="#c9a66b"/>'
            '<rect x="135" y="145" width="130" height="200" rx="24" fill="#b5651d"/>'
            '<rect x="150" y="205" width="100" height="80" rx="8" fill="#f6e7d8"/>'
            '<path d="M200 225 q-18 22 0 40 q18 -18 0 -40z" fill="#d9534f"/>'
            '<circle cx="320" cy="300" r="14" fill="#e07a5f" opacity=".8"/>')


PRODUCTS = {
    "rainier-cherries": svg("#fff4e0", "#ffe1b8", cherries("#f2b53a", "#e8643c")),
    "bing-cherries": svg("#fde8ea", "#f7c8cf", cherries("#8c1c2b", "#6e0f1f")),
    "honeycrisp-apples": svg("#fdf1e4", "#f9dcc0", apples()),
    "sockeye-salmon": svg("#e6f2f8", "#c8e2f0", fillet("#e1523d", "#fbd5c9")),
    "king-crab-legs": svg("#e6f0f8", "#c6dcef", crab()),
    "smoked-salmon": svg("#f3ece4", "#e6d7c6", fillet("#f08a5d", "#fde3d3")),
    "roasted-almonds": svg("#f6efe6", "#ead9c4", nuts("#a8683a", "#7a4723", 36, 22)),
    "walnut-halves": svg("#f3f0e6", "#e3dcc6", nuts("#c9a46b", "#8c6a3c", 38, 32)),
    "salted-pistachios": svg("#eef5e6", "#d9e9c6", nuts("#d8c79a", "#7da04a", 34, 22)),
    "raw-clover-honey": svg("#fff8e1", "#ffeab0", jar("#f3b61f", "#fff3cf")),
    "buckwheat-honey": svg("#f6efe6", "#e7d5bd", jar("#7b3f12", "#f6e2c2")),
    "omega3-fish-oil": svg("#e8f1fb", "#cfe0f5", bottle("#f2f6fb", "#3d5a80", "#f3c14b")),
    "vitamin-c-gummies": svg("#fff3e6", "#ffdcb5", bottle("#ffffff", "#f28c28", "#f5a623")),
    "rosehip-face-oil": svg("#fbeeee", "#f4d6d4", dropper()),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, text in PRODUCTS.items():
        with open(os.path.join(OUT, f"{name}.svg"), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"wrote {len(PRODUCTS)} images to {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
