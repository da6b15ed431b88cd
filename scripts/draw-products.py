#!/usr/bin/env python3
"""Draws the seed catalog's product illustrations as small SVG files.

The shop ships its own images (nothing is hotlinked); these are drawn from
simple shapes so they stay a few hundred bytes each and sharp on any screen.
Run: python3 scripts/draw-products.py  (writes assets/products/*.svg), then
node scripts/raster-images.mjs (writes the WebP files the shop serves).
"""
import math
import os
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "assets", "products")


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


def berries(fill, n=11, r=26):
    import random
    rnd = random.Random(n * 7 + r)
    out = ""
    for _ in range(n):
        x, y = rnd.randint(110, 290), rnd.randint(150, 300)
        out += f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}"/><circle cx="{x}" cy="{y - r * .7}" r="{r * .22}" fill="#2b2140" opacity=".5"/>'
    return out


def round_fruit(fill, blush, leaf=True):
    body = f'<circle cx="200" cy="230" r="105" fill="{fill}"/><ellipse cx="235" cy="215" rx="50" ry="70" fill="{blush}" opacity=".6"/>'
    body += '<path d="M200 128 Q198 150 200 135" stroke="#5b3a1e" stroke-width="6"/>'
    if leaf:
        body += '<path d="M204 128 Q240 90 270 115 Q235 135 204 128Z" fill="#4e9a3a"/>'
    return body


def pear(fill):
    return (f'<path d="M200 100 C170 100 165 150 170 180 C120 210 115 320 200 330 C285 320 280 210 230 180 C235 150 230 100 200 100Z" fill="{fill}"/>'
            '<path d="M200 100 Q205 80 215 70" stroke="#5b3a1e" stroke-width="6" fill="none"/>'
            '<path d="M210 85 Q245 60 265 85 Q235 100 210 85Z" fill="#4e9a3a"/>')


def steak(fill, edge):
    return (f'<ellipse cx="200" cy="210" rx="140" ry="95" fill="{edge}"/><ellipse cx="200" cy="205" rx="128" ry="84" fill="{fill}"/>'
            f'<path d="M110 190 Q200 150 290 190 M110 225 Q200 185 290 225" stroke="{edge}" stroke-width="4" fill="none" opacity=".5"/>')


def prawns():
    out = ""
    for x, y, a in [(150, 200, -20), (250, 230, 25)]:
        out += (f'<g transform="translate({x} {y}) rotate({a})"><path d="M-60 -20 Q0 -70 60 -20 Q40 40 -10 50 Q-40 40 -60 -20Z" fill="#f07a4a"/>'
                f'<path d="M-40 -30 Q-20 10 -30 40 M-10 -45 Q5 0 0 45 M20 -45 Q30 0 25 40" stroke="#fbd0b8" stroke-width="5" fill="none"/></g>')
    return out


def pouch(body, label, accent):
    return (f'<path d="M120 110 L280 110 L295 330 Q200 345 105 330Z" fill="{body}"/>'
            f'<rect x="120" y="100" width="160" height="22" rx="6" fill="{accent}"/>'
            f'<rect x="140" y="180" width="120" height="90" rx="12" fill="{label}"/>'
            f'<circle cx="200" cy="225" r="24" fill="{accent}"/>')


def box(body, label, accent):
    return (f'<path d="M110 120 L290 120 L290 330 L110 330Z" fill="{body}"/><path d="M110 120 L140 95 L320 95 L290 120Z" fill="{accent}"/>'
            f'<path d="M290 120 L320 95 L320 305 L290 330Z" fill="{accent}" opacity=".7"/>'
            f'<rect x="135" y="170" width="130" height="100" rx="10" fill="{label}"/>')


def pump(body, label):
    return ('<rect x="185" y="70" width="30" height="40" fill="#555"/><rect x="185" y="70" width="70" height="14" rx="6" fill="#555"/>'
            f'<rect x="140" y="110" width="120" height="230" rx="28" fill="{body}"/>'
            f'<rect x="155" y="180" width="90" height="90" rx="10" fill="{label}"/>')


def tin(body, lid):
    return (f'<ellipse cx="200" cy="260" rx="120" ry="40" fill="{body}"/><rect x="80" y="200" width="240" height="60" fill="{body}"/>'
            f'<ellipse cx="200" cy="200" rx="120" ry="40" fill="{lid}"/><ellipse cx="200" cy="200" rx="70" ry="22" fill="#fff" opacity=".4"/>')


def tubes(colors):
    out = ""
    for i, c in enumerate(colors):
        x = 120 + i * 60
        out += f'<rect x="{x}" y="140" width="44" height="170" rx="10" fill="{c}"/><rect x="{x}" y="110" width="44" height="40" rx="8" fill="#eee"/>'
    return out


def soap(colors):
    out = ""
    for i, c in enumerate(colors):
        out += f'<rect x="{80 + (i % 2) * 130}" y="{120 + (i // 2) * 110}" width="115" height="90" rx="18" fill="{c}"/>'
    return out


def sock(fill, heel, x=140, y=80, s=1.0):
    return (f'<g transform="translate({x} {y}) scale({s})"><path d="M40 0 L110 0 L110 170 Q110 230 60 240 L-20 240 Q-60 240 -60 205 Q-60 170 -20 165 L40 160Z" fill="{fill}"/>'
            f'<rect x="40" y="0" width="70" height="30" fill="{heel}"/><path d="M-20 240 Q-60 240 -60 205 Q-60 170 -20 165Z" fill="{heel}"/></g>')


def shirt(fill, line):
    plaid = "".join(f'<path d="M{x} 110 V330" stroke="{line}" stroke-width="10" opacity=".6"/>' for x in range(140, 270, 40))
    plaid += "".join(f'<path d="M110 {y} H290" stroke="{line}" stroke-width="10" opacity=".6"/>' for y in range(150, 330, 45))
    return (f'<path d="M150 80 L250 80 L330 130 L300 180 L280 165 L280 330 L120 330 L120 165 L100 180 L70 130Z" fill="{fill}"/>{plaid}'
            '<path d="M170 80 L200 120 L230 80" fill="none" stroke="#fff" stroke-width="6"/>')


def beanie(fill, cuff):
    return (f'<path d="M100 260 Q100 110 200 110 Q300 110 300 260Z" fill="{fill}"/><circle cx="200" cy="100" r="28" fill="{cuff}"/>'
            f'<rect x="90" y="250" width="220" height="60" rx="14" fill="{cuff}"/>'
            + "".join(f'<path d="M{x} 140 V250" stroke="{cuff}" stroke-width="4" opacity=".5"/>' for x in range(130, 290, 25)))


def skillet(size):
    r = 100 * size
    return (f'<rect x="{200 + r - 10}" y="190" width="140" height="30" rx="14" fill="#2d2d2d"/>'
            f'<circle cx="180" cy="205" r="{r + 12}" fill="#2d2d2d"/><circle cx="180" cy="205" r="{r}" fill="#444"/>'
            f'<ellipse cx="150" cy="180" rx="{r * .4}" ry="{r * .2}" fill="#666" opacity=".5"/>')


def pot():
    return ('<rect x="90" y="160" width="220" height="150" rx="30" fill="#b23a2e"/><ellipse cx="200" cy="160" rx="120" ry="30" fill="#8e2a20"/>'
            '<rect x="60" y="190" width="40" height="24" rx="10" fill="#8e2a20"/><rect x="300" y="190" width="40" height="24" rx="10" fill="#8e2a20"/>'
            '<circle cx="200" cy="128" r="16" fill="#222"/>')


def board():
    return ('<rect x="80" y="120" width="250" height="170" rx="24" fill="#d9a765"/><circle cx="300" cy="150" r="12" fill="#b98340"/>'
            '<path d="M100 170 Q200 160 310 175 M100 220 Q200 210 310 228 M100 260 Q200 250 310 265" stroke="#c48f4e" stroke-width="4" fill="none"/>')


def candles(colors, heights):
    out = ""
    for i, (c, h) in enumerate(zip(colors, heights)):
        x = 110 + i * 70
        out += (f'<rect x="{x}" y="{330 - h}" width="56" height="{h}" rx="8" fill="{c}"/>'
                f'<path d="M{x + 28} {330 - h} v-14" stroke="#333" stroke-width="3"/>'
                f'<path d="M{x + 28} {306 - h} q-10 -16 0 -30 q10 14 0 30z" fill="#f5a623"/>')
    return out


def comb():
    out = ""
    for row in range(4):
        for col in range(4):
            x = 110 + col * 56 + (row % 2) * 28
            y = 130 + row * 48
            pts = " ".join(f"{x + 30 * math.cos(math.radians(a)):.0f},{y + 30 * math.sin(math.radians(a)):.0f}" for a in range(30, 390, 60))
            out += f'<polygon points="{pts}" fill="#f3b61f" stroke="#c98a0b" stroke-width="5"/>'
    return out


def jug(fill):
    return (f'<path d="M160 110 L240 110 L250 150 Q310 170 310 250 L310 330 L90 330 L90 250 Q90 170 150 150Z" fill="{fill}"/>'
            '<rect x="170" y="80" width="60" height="34" rx="6" fill="#7a3b10"/>'
            '<path d="M260 175 Q320 175 320 230" stroke="#fff" stroke-width="10" fill="none" opacity=".6"/>'
            '<rect x="120" y="220" width="160" height="80" rx="10" fill="#fff6e4"/>'
            '<path d="M200 235 l10 18 l18 -4 l-8 14 l14 10 l-20 2 l-4 18 l-10 -14 l-10 14 l-4 -18 l-20 -2 l14 -10 l-8 -14 l18 4z" fill="#c1440e"/>')


def leaves(fill):
    out = ""
    for x, y, a in [(140, 170, -15), (260, 180, 20), (150, 290, 10), (260, 290, -25), (205, 235, 0)]:
        out += (f'<g transform="translate({x} {y}) rotate({a}) scale(.55)"><path d="M0 -80 l15 35 l35 -15 l-10 40 l40 10 l-35 25 l15 35 '
                f'l-45 -10 l-15 40 l-15 -40 l-45 10 l15 -35 l-35 -25 l40 -10 l-10 -40 l35 15z" fill="{fill}"/></g>')
    return out


def beans(fill):
    spots = [(120, 160), (190, 140), (260, 165), (150, 230), (230, 225), (300, 240), (110, 290), (190, 300), (270, 300)]
    return "".join(f'<g transform="translate({x} {y}) rotate({(x * y) % 90 - 45})"><ellipse rx="26" ry="18" fill="{fill}"/>'
                   f'<path d="M-20 0 Q0 8 20 0" stroke="#2a160c" stroke-width="4" fill="none"/></g>' for x, y in spots)


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
    "wild-blueberries": svg("#eef0fb", "#d7dcf3", berries("#3b4a9c")),
    "georgia-peaches": svg("#fff3e6", "#ffdcc0", round_fruit("#f7a541", "#ea5a3c")),
    "danjou-pears": svg("#f4f8e8", "#e2ecc6", pear("#a9c23f")),
    "fresh-cranberries": svg("#fdecee", "#f6cdd3", berries("#b0182f", 13, 24)),
    "black-cod": svg("#e8eef5", "#cfdbe8", steak("#f6efe6", "#3a3a3a")),
    "alaska-halibut": svg("#e8f2f6", "#cde3ec", steak("#fbfaf5", "#9aa7ad")),
    "spot-prawns": svg("#e6f0f8", "#c6dcef", prawns()),
    "pecan-halves": svg("#f6efe6", "#e9d7c0", nuts("#8a4b25", "#5c2f14", 40, 24)),
    "macadamia-nuts": svg("#f7f3ea", "#ebe1cc", nuts("#efdcb4", "#c9a46b", 30, 30)),
    "daily-nut-packs": svg("#f3efe6", "#e4dac6", pouch("#6b8f3a", "#f7f1e1", "#a8683a")),
    "almond-butter": svg("#f6efe6", "#ead9c4", jar("#b07a45", "#f6e7d2")),
    "dried-cranberries": svg("#fbeaec", "#f3ccd2", pouch("#b0182f", "#fff1f3", "#6e0f1f")),
    "dried-blueberries": svg("#eef0fb", "#d7dcf3", pouch("#3b4a9c", "#eef0ff", "#222b66")),
    "dried-cherries": svg("#fde8ea", "#f7c8cf", pouch("#8c1c2b", "#fff1f2", "#4e9a3a")),
    "apple-chips": svg("#fdf1e4", "#f9dcc0", pouch("#e8a33c", "#fff6e8", "#d9443a")),
    "pecan-pralines": svg("#f6efe6", "#e9d7c0", box("#f2e3c6", "#8a4b25", "#c79a3b")),
    "honeycomb": svg("#fff8e1", "#ffeab0", comb()),
    "maple-syrup-amber": svg("#fdf1e0", "#f6dcb2", jug("#c9781c")),
    "maple-syrup-dark": svg("#f3e7da", "#e2cbb3", jug("#6e3510")),
    "maple-candy": svg("#fdf1e0", "#f6dcb2", leaves("#d98a2b")),
    "kona-medium-roast": svg("#f3ece6", "#e2d4c6", pouch("#3b2a20", "#f0e2cf", "#b5651d")),
    "kona-peaberry": svg("#f3ece6", "#e2d4c6", beans("#6b3a1e")),
    "kona-dark-ground": svg("#ece6e0", "#d6cbc0", pouch("#1f1611", "#e9d6bf", "#7a4723")),
    "mamaki-tea": svg("#edf6ea", "#d3e9cc", box("#e3f0d8", "#4e9a3a", "#2f6b2a")),
    "cranberry-hibiscus-tea": svg("#fbeaec", "#f3ccd2", box("#fbe3e7", "#b0182f", "#7a1022")),
    "organic-oat-cereal": svg("#fdf6e6", "#f5e6c2", box("#fff8e8", "#e0b653", "#7fb24a")),
    "teething-wafers": svg("#eef6fb", "#d5e8f5", box("#f4fbff", "#7ab8e0", "#f2b33d")),
    "fruit-puree-pouches": svg("#fdf3e6", "#f8dfc0", pouch("#f28c28", "#fff7ea", "#7fb24a")),
    "baby-lotion": svg("#eef6fb", "#d5e8f5", pump("#ffffff", "#9fd0ef")),
    "diaper-balm": svg("#f3f6fb", "#dfe6f2", tin("#d7e4f3", "#7ab8e0")),
    "baby-wash": svg("#eef8f4", "#d3ede3", pump("#ffffff", "#8fd3b8")),
    "probiotic-capsules": svg("#eef4fb", "#d6e3f3", bottle("#ffffff", "#4a7fc1", "#ffffff")),
    "vitamin-d3": svg("#fff8e6", "#ffebb8", bottle("#ffffff", "#e0a21a", "#f3c14b")),
    "kids-dha": svg("#eaf6f8", "#cdebf0", bottle("#ffffff", "#2aa3b8", "#f3c14b")),
    "kids-multivitamin": svg("#fdf0f6", "#f7d6e6", bottle("#ffffff", "#e0588f", "#f5a623")),
    "jojoba-oil": svg("#fbf6e6", "#f0e4c0", dropper()),
    "prickly-pear-night-cream": svg("#fbeef4", "#f3d3e2", tin("#f5d5e4", "#c2417e")),
    "prickly-pear-lip-balm": svg("#fbeef4", "#f3d3e2", tubes(["#c2417e", "#e07aa8", "#f2b2cf"])),
    "aloe-body-lotion": svg("#eef8ee", "#d4ecd4", pump("#ffffff", "#6cbf6c")),
    "goat-milk-soap": svg("#f7f3ea", "#ebe1cc", soap(["#f6efdf", "#efe3c8", "#f3ead6", "#e8dcc0"])),
    "merino-hiking-socks": svg("#eef1f5", "#d9dfe8", sock("#5b6b7f", "#c9482f")),
    "merino-crew-socks": svg("#f1f1f1", "#e0e0e0", sock("#2f3b4c", "#7f8c9c", 110, 90, .85) + sock("#7f8c9c", "#2f3b4c", 210, 70, .85)),
    "kids-wool-socks": svg("#fff3e6", "#ffe0c0", sock("#f28c28", "#3b4a9c", 120, 120, .7) + sock("#3b4a9c", "#f28c28", 220, 110, .7)),
    "flannel-shirt": svg("#f6eeee", "#ebd9d9", shirt("#b3232f", "#1f1f1f")),
    "merino-base-layer": svg("#eef1f5", "#d9dfe8", shirt("#3e4a59", "#3e4a59")),
    "knit-beanie": svg("#f3efe9", "#e3dace", beanie("#7a5b3a", "#5e4329")),
    "cast-iron-skillet-10": svg("#eeeae6", "#dcd5ce", skillet(.9)),
    "cast-iron-skillet-12": svg("#eeeae6", "#dcd5ce", skillet(1.05)),
    "dutch-oven": svg("#f6eeea", "#e8d8d0", pot()),
    "maple-cutting-board": svg("#f7f1e6", "#ebdfc9", board()),
    "beeswax-pillar": svg("#fff8e6", "#ffebb8", candles(["#f3c14b"], [190])),
    "soy-candle-pine": svg("#eef5ee", "#d5e7d5", candles(["#f5f1e6", "#dfe9d8", "#f5f1e6"], [120, 160, 120])),
    "beeswax-tealights": svg("#fff8e6", "#ffebb8", candles(["#f3c14b", "#f3c14b", "#f3c14b"], [50, 50, 50])),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, text in PRODUCTS.items():
        with open(os.path.join(OUT, f"{name}.svg"), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"wrote {len(PRODUCTS)} images to {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
