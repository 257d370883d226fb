#!/usr/bin/env python3
"""The red-sites map of Hengyang for the Xinghuo (星火) demo hall.

Draws a schematic, illustrated map of Hengyang's five districts, five
counties and two county-level cities and writes ``media/maps/hengyang.jpg``
(3840 x 2560).  It reuses the palette and the SVG helpers of make_art.py and
renders with ``rsvg-convert`` (librsvg2-bin) and ImageMagick ``convert``.

Usage:  python3 scripts/art/make_map.py [--out FILE] [--keep-svg DIR]

The map is deliberately schematic: soft paper regions in their well-known
relative positions, the urban districts enlarged in the middle where the
Xiang (湘江) meets the Zheng (蒸水) and Lei (耒水) rivers, and Mount Heng
(南岳) as a small mountain motif.  There are no pins: the app draws them from
``exhibits/map.ron``, whose site positions (fractions of the image) are kept
clear of the region labels drawn here (see PIN_SPOTS).

Only the Python standard library is used; the output is deterministic.
"""

import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_art import (  # noqa: E402  (path set up above)
    GOLD, GOLD_L, GREEN, GREEN_D, GREEN_L, GREEN_LL, INK, INK2, PAPER, PAPER2, RED_D, STONE, TILE_D,
    Svg, catmull, circle, cloud, f, group, line, mix, path, poly, poly_d, rect, round_tree,
    smooth_d, stream, temple,
)

W, H = 3840, 2560
FONT = "Noto Sans CJK SC"

# water: a calm blue-grey, muted toward the paper
WATER = mix("#7C93A1", PAPER, 0.28)
WATER_EDGE = mix("#5E7483", PAPER, 0.30)
WATER_LINE = mix("#7C93A1", PAPER, 0.62)
GAP = mix(PAPER, "#FFFFFF", 0.35)          # the paper showing between regions
LINE = mix(INK2, PAPER2, 0.55)             # county boundary hairline
LABEL = mix(INK, PAPER, 0.08)
LABEL_EN = mix(INK2, PAPER2, 0.38)
CITY_RING = mix(RED_D, PAPER, 0.35)

# Where exhibits/map.ron puts its pins (fractions of the image; keep in step).
# Decorations keep clear of them; labels were placed away from them by hand.
PIN_SPOTS = {
    "xiangnan-student-union-hall": (0.568, 0.563),
    "hunan-no3-middle-school-site": (0.503, 0.414),
    "hengyang-memorial-city": (0.454, 0.613),
    "party-history-museum": (0.495, 0.629),
    "kangjia-stage": (0.352, 0.742),
    "yuebei-union-site": (0.607, 0.117),
    "tang-qunying-residence": (0.518, 0.133),
    "nanyue-martyrs-shrine": (0.599, 0.289),
    "luo-ronghuan-residence": (0.802, 0.457),
    "xiangnan-uprising-leiyang": (0.646, 0.828),
    "wu-ruolan-residence": (0.727, 0.863),
    "xia-minghan-residence": (0.318, 0.168),
    "hengyang-county-civilisation-centre": (0.307, 0.461),
}


# --------------------------------------------------------------------------
# geometry helpers
# --------------------------------------------------------------------------
def chaikin(pts, n=3):
    """Corner-cutting smoothing of an open polyline; the end points stay put."""
    for _ in range(n):
        out = [pts[0]]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            out.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            out.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        out.append(pts[-1])
        pts = out
    return pts


def chaikin_closed(pts, n=3):
    for _ in range(n):
        out = []
        m = len(pts)
        for i in range(m):
            (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % m]
            out.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            out.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        pts = out
    return pts


def inside(pt, poly_pts):
    x, y = pt
    c = False
    n = len(poly_pts)
    for i in range(n):
        x0, y0 = poly_pts[i]
        x1, y1 = poly_pts[(i + 1) % n]
        if (y0 > y) != (y1 > y) and x < x0 + (x1 - x0) * (y - y0) / (y1 - y0):
            c = not c
    return c


def ellipse_pts(cx, cy, rx, ry, n=120):
    return [(cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n)) for i in range(n)]


def dist_to_polyline(p, pts):
    best = 1e18
    for a, b in zip(pts, pts[1:]):
        dx, dy = b[0] - a[0], b[1] - a[1]
        L2 = dx * dx + dy * dy or 1
        t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / L2))
        best = min(best, math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy))
    return best


class Graph:
    """A planar map: named chains between nodes; regions are loops of chains.

    Neighbouring regions share the very same smoothed chain, so their edges
    meet exactly."""

    def __init__(self, chains, smooth=3):
        self.chains = {k: chaikin(v, smooth) for k, v in chains.items()}

    def loop(self, spec):
        pts = []
        for name in spec:
            rev = name.startswith("-")
            c = self.chains[name.lstrip("-")]
            c = list(reversed(c)) if rev else c
            pts.extend(c[1:] if pts else c)
        return pts[:-1]


# --------------------------------------------------------------------------
# the municipality: nodes, chains and regions (canvas 3840 x 2560)
# --------------------------------------------------------------------------
N = {
    "A": (1010, 600),    # Qidong / Hengyang county / outside
    "B": (1010, 1500),   # Qidong / Hengyang county / Changning
    "Bq": (760, 1770),   # Qidong / Changning / outside
    "C": (1400, 1570),   # Hengyang county / Changning / Hengnan
    "D": (2150, 930),    # Hengyang county / Hengshan / Hengnan
    "E": (1860, 160),    # Hengyang county / Hengshan / outside
    "F": (2860, 780),    # Hengshan / Hengdong / Hengnan
    "G": (2960, 230),    # Hengshan / Hengdong / outside
    "Hh": (2840, 1790),  # Hengnan / Hengdong / Leiyang
    "I": (3330, 1800),   # Hengdong / Leiyang / outside
    "Jr": (2250, 2350),  # Hengnan / Leiyang / outside
    "Jl": (1880, 2360),  # Changning / Hengnan / outside
}

CHAINS = {
    # outer edge, clockwise
    "A-E": [N["A"], (1090, 430), (1330, 270), (1600, 195), N["E"]],
    "E-G": [N["E"], (2200, 120), (2620, 120), N["G"]],
    "G-I": [N["G"], (3250, 300), (3560, 520), (3660, 930), (3620, 1340), (3480, 1640), N["I"]],
    "I-Jr": [N["I"], (3310, 2060), (3130, 2330), (2760, 2440), (2460, 2420), N["Jr"]],
    "Jr-Jl": [N["Jr"], (2080, 2440), N["Jl"]],
    "Jl-Bq": [N["Jl"], (1560, 2440), (1150, 2420), (820, 2270), (690, 2010), N["Bq"]],
    "Bq-A": [N["Bq"], (470, 1720), (240, 1500), (210, 1140), (360, 830), (700, 640), N["A"]],
    # inner boundaries
    "A-B": [N["A"], (1080, 860), (1040, 1200), N["B"]],
    "Bq-B": [N["Bq"], (880, 1610), N["B"]],
    "B-C": [N["B"], (1200, 1590), N["C"]],
    "C-Jl": [N["C"], (1560, 1820), (1640, 2120), N["Jl"]],
    "C-D": [N["C"], (1480, 1320), (1700, 1070), (1950, 950), N["D"]],
    "E-D": [N["E"], (1800, 420), (1850, 760), N["D"]],
    "D-F": [N["D"], (2340, 800), (2600, 720), N["F"]],
    "G-F": [N["G"], (2900, 480), N["F"]],
    "F-Hh": [N["F"], (2900, 1100), (2930, 1400), N["Hh"]],
    "Hh-I": [N["Hh"], (3060, 1830), N["I"]],
    "Hh-Jr": [N["Hh"], (2560, 1880), (2360, 2100), N["Jr"]],
}

OUTER = ["A-E", "E-G", "G-I", "I-Jr", "Jr-Jl", "Jl-Bq", "Bq-A"]
INNER = ["A-B", "Bq-B", "B-C", "C-Jl", "C-D", "E-D", "D-F", "G-F", "F-Hh", "Hh-I", "Hh-Jr"]

REGIONS = [
    # key, zh, en, loop, fill, label centre, label size
    ("qidong", "祁东县", "Qidong County", ["Bq-A", "A-B", "-Bq-B"],
     mix(PAPER2, GREEN_LL, 0.30), (590, 1200), 1.0),
    ("hengyang", "衡阳县", "Hengyang County", ["A-E", "E-D", "-C-D", "-B-C", "-A-B"],
     mix(PAPER, GOLD_L, 0.26), (1560, 560), 1.0),
    ("hengshan", "衡山县", "Hengshan County", ["E-G", "G-F", "-D-F", "-E-D"],
     mix(PAPER2, GREEN_LL, 0.50), (2580, 540), 1.0),
    ("hengdong", "衡东县", "Hengdong County", ["G-I", "-Hh-I", "-F-Hh", "-G-F"],
     mix(PAPER, GOLD_L, 0.34), (3260, 820), 1.0),
    ("leiyang", "耒阳市", "Leiyang City", ["I-Jr", "-Hh-Jr", "Hh-I"],
     mix(PAPER2, GREEN_LL, 0.36), (3050, 1975), 1.0),
    ("hengnan", "衡南县", "Hengnan County", ["D-F", "F-Hh", "Hh-Jr", "Jr-Jl", "-C-Jl", "C-D"],
     mix(PAPER2, STONE, 0.16), (2020, 1990), 1.0),
    ("changning", "常宁市", "Changning City", ["B-C", "C-Jl", "Jl-Bq", "Bq-B"],
     mix(PAPER2, RED_D, 0.07), (1130, 2080), 1.0),
]

# --- the urban districts, enlarged in the middle --------------------------
CITY = (1905, 1265, 590, 440)          # ellipse centre and radii

XIANG = [(90, 1950), (380, 1900), (700, 1800), (980, 1700), (1240, 1690), (1500, 1770), (1760, 1800),
         (1960, 1700), (2040, 1500), (2085, 1300), (2150, 1120), (2270, 985), (2450, 905), (2660, 840),
         (2800, 660), (2860, 430), (2900, 170), (2930, -60)]
ZHENG = [(880, 560), (1040, 690), (1200, 800), (1340, 900), (1440, 1020), (1530, 1130), (1640, 1170),
         (1800, 1185), (1980, 1195), (2130, 1185)]
LEI = [(2740, 2620), (2690, 2400), (2660, 2200), (2600, 1990), (2640, 1780), (2590, 1560), (2625, 1330),
       (2585, 1100), (2575, 930), (2560, 850)]


def river_center(pts, per=24):
    return catmull(pts, per)


def urban_parts():
    """Polygons (unclipped) of the four urban districts and their dividing lines.

    The Xiang divides Zhuhui (east bank) from the west bank; the Zheng
    divides Shigu (north) from Zhengxiang and Yanfeng; a short line from
    the Zheng south divides Zhengxiang (west) from Yanfeng (south-east)."""
    xs = river_center(XIANG)
    zs = river_center(ZHENG)
    cx, cy, rx, ry = CITY
    xs_city = [p for p in xs if ((p[0] - cx) / (rx + 160)) ** 2 + ((p[1] - cy) / (ry + 160)) ** 2 < 1]
    zs_city = [p for p in zs if p[0] > 1250]
    # triple point on the Zheng
    T = min(zs_city, key=lambda p: abs(p[0] - 1700))
    zx_yf = chaikin([T, (1700, 1400), (1650, 1560), (1580, 1800)], 3)
    zs_w = [p for p in zs_city if p[0] <= T[0]]
    zs_e = [p for p in zs_city if p[0] >= T[0]]
    mouth = zs_e[-1]
    # split the Xiang where the Zheng meets it
    k = min(range(len(xs_city)), key=lambda i: math.hypot(xs_city[i][0] - mouth[0], xs_city[i][1] - mouth[1]))
    x_south = xs_city[:k + 1]     # from the south edge up to the mouth
    x_north = xs_city[k:]         # from the mouth to the north-east edge
    nx_, ny_ = x_north[-1]
    sx_, sy_ = x_south[0]
    zhuhui = x_south + x_north[1:] + [(nx_ + 300, ny_ - 250), (2900, 600), (2900, 2100), (sx_ + 300, 2100)]
    shigu = [(1100, 400), (1100, zs_w[0][1])] + zs_w + zs_e[1:] + x_north[1:] + [(nx_ + 300, ny_ - 250),
                                                                                 (nx_ + 300, 400)]
    zhengxiang = [(1100, zs_w[0][1])] + zs_w + zx_yf[1:] + [(1100, 2100)]
    yanfeng = [T] + zs_e[1:] + list(reversed(x_south))[1:] + [(sx_ - 10, 2100), (zx_yf[-1][0], 2100)] + \
        list(reversed(zx_yf))[:-1]
    lines = [zx_yf]
    return {"zhuhui": zhuhui, "shigu": shigu, "zhengxiang": zhengxiang, "yanfeng": yanfeng}, lines


URBAN = [
    ("zhuhui", "珠晖区", "Zhuhui District", mix(PAPER, GOLD_L, 0.12), (2310, 1250)),
    ("shigu", "石鼓区", "Shigu District", mix(PAPER, GREEN_LL, 0.18), (1700, 990)),
    ("zhengxiang", "蒸湘区", "Zhengxiang District", mix(PAPER, GOLD_L, 0.30), (1510, 1390)),
    ("yanfeng", "雁峰区", "Yanfeng District", mix(PAPER, STONE, 0.10), (1820, 1335)),
]

NANYUE = (2130, 640, 250, 215)          # the Nanyue district blob: centre and radii
NANYUE_LABEL = (2120, 792)


# --------------------------------------------------------------------------
# drawing pieces
# --------------------------------------------------------------------------
def label(x, y, zh, en, scale=1.0, halo=None):
    """Chinese name with its English name under it, centred on (x, y)."""
    zs, es = 76 * scale, 38 * scale
    halo = halo or PAPER
    y_zh = y - 2 * scale
    y_en = y + es * 1.25
    return [
        '<text x="%s" y="%s" font-family="%s" font-weight="700" font-size="%s" text-anchor="middle" '
        'letter-spacing="%s" fill="%s" stroke="%s" stroke-width="%s" stroke-linejoin="round" '
        'paint-order="stroke">%s</text>' % (f(x + zs * 0.06), f(y_zh), FONT, f(zs), f(zs * 0.12), LABEL, halo,
                                           f(zs * 0.16), zh),
        '<text x="%s" y="%s" font-family="%s" font-size="%s" text-anchor="middle" letter-spacing="%s" '
        'fill="%s" stroke="%s" stroke-width="%s" stroke-linejoin="round" paint-order="stroke">%s</text>'
        % (f(x), f(y_en), FONT, f(es), f(es * 0.06), LABEL_EN, halo, f(es * 0.22), en),
    ]


def label_box(x, y, en, scale=1.0):
    """Rough extent of a label, for keeping decorations off it."""
    w = max(3 * 76 * 1.12, len(en) * 38 * 0.55) * scale
    return (x - w / 2 - 30, y - 76 * scale - 20, x + w / 2 + 30, y + 38 * scale * 1.6 + 20)


def river_label(x, y, text, rot, size=40):
    return ('<text x="%s" y="%s" font-family="%s" font-size="%s" text-anchor="middle" letter-spacing="%s" '
            'fill="%s" stroke="%s" stroke-width="%s" stroke-linejoin="round" paint-order="stroke" '
            'transform="rotate(%s %s %s)">%s</text>'
            % (f(x), f(y), FONT, f(size), f(size * 0.25), mix(WATER_EDGE, INK2, 0.35), PAPER, f(size * 0.18),
               f(rot), f(x), f(y), text))


def mound(x, y, s, fill):
    """The little two-hump hill of the red-sites map."""
    return path("M%s,%s Q%s,%s %s,%s Q%s,%s %s,%s Z" % (
        f(x - s * 1.2), f(y), f(x - s * 0.4), f(y - s * 1.3), f(x + s * 0.1), f(y - s * 0.9),
        f(x + s * 0.6), f(y - s * 1.2), f(x + s * 1.2), f(y)), fill)


def field_patch(rng, x, y, s, col):
    """A few parallel furrow strokes: paddy fields."""
    items = []
    ang = rng.uniform(-0.35, 0.35)
    ca, sa = math.cos(ang), math.sin(ang)
    for k in range(4):
        off = (k - 1.5) * s * 0.28
        L = s * rng.uniform(0.7, 1.0)
        x0, y0 = x - ca * L / 2 - sa * off, y - sa * L / 2 + ca * off
        x1, y1 = x + ca * L / 2 - sa * off, y + sa * L / 2 + ca * off
        items.append(line(x0, y0, x1, y1, col, max(3, s * 0.05)))
    return items


def heng_mountain(rng, cx, base, w, h):
    """Mount Heng as a small motif: three layers of peaks with a hall on the summit."""
    items = []
    layers = [
        (mix(GREEN_L, PAPER, 0.30), 1.0, 0.0, [(-0.30, 0.62), (0.05, 1.0), (0.34, 0.72)]),
        (mix(GREEN_L, GREEN, 0.35), 0.78, 0.10, [(-0.38, 0.55), (-0.08, 0.80), (0.24, 0.62), (0.44, 0.40)]),
        (mix(GREEN, GREEN_D, 0.15), 0.52, 0.22, [(-0.44, 0.42), (-0.18, 0.58), (0.14, 0.50), (0.40, 0.36)]),
    ]
    top = None
    for col, hs, dy, peaks in layers:
        pts = [(cx - w / 2, base)]
        for u, ph in peaks:
            px = cx + u * w
            py = base - h * ph * hs - dy * h * 0.2
            pts.append((px - w * 0.07, py + h * 0.12 * hs))
            pts.append((px, py))
            pts.append((px + w * 0.07, py + h * 0.12 * hs))
        pts.append((cx + w / 2, base))
        d = smooth_d(pts, t=0.6) + " Z"
        items.append(path(d, col))
        if top is None:
            top = (cx + 0.05 * w, base - h)
        # a contour line or two, woodcut style (not on the front layer, whose foot is hidden by cloud)
        for k in ((1, 2) if dy < 0.2 else ()):
            seg = [(x, y + 22 * k) for x, y in pts[2:-2]]
            if len(seg) > 2:
                items.append(path(smooth_d(seg, t=0.6), None, stroke=mix(col, PAPER, 0.35), sw=4, cap="round",
                                  op=0.8))
    items.append(temple(top[0], top[1] + 8, 70))
    return items


def compass(x, y, s):
    """A small north arrow: a split needle and the letter N."""
    items = [circle(x, y, s * 0.62, None, stroke=mix(RED_D, PAPER, 0.25), sw=s * 0.035),
             circle(x, y, s * 0.52, None, stroke=mix(GOLD, PAPER, 0.2), sw=s * 0.015)]
    items.append(poly([(x, y - s * 0.5), (x - s * 0.16, y), (x, y)], RED_D))
    items.append(poly([(x, y - s * 0.5), (x + s * 0.16, y), (x, y)], mix(RED_D, PAPER, 0.35)))
    items.append(poly([(x, y + s * 0.5), (x - s * 0.16, y), (x, y)], mix(INK2, PAPER, 0.45)))
    items.append(poly([(x, y + s * 0.5), (x + s * 0.16, y), (x, y)], mix(INK2, PAPER, 0.25)))
    items.append(circle(x, y, s * 0.05, GOLD))
    items.append('<text x="%s" y="%s" font-family="%s" font-weight="700" font-size="%s" text-anchor="middle" '
                 'fill="%s">N</text>' % (f(x), f(y - s * 0.72), FONT, f(s * 0.34), RED_D))
    return items


def frame():
    m = 34
    items = [rect(m, m, W - 2 * m, H - 2 * m, None, stroke=RED_D, sw=16),
             rect(m + 26, m + 26, W - 2 * m - 52, H - 2 * m - 52, None, stroke=GOLD, sw=4)]
    for cx, cy in ((m, m), (W - m, m), (m, H - m), (W - m, H - m)):
        items.append(circle(cx, cy, 26, RED_D))
        items.append(circle(cx, cy, 12, GOLD))
    return items


# --------------------------------------------------------------------------
# the map
# --------------------------------------------------------------------------
def build(svg):
    rng = random.Random(20220617)
    g = Graph(CHAINS)
    outer = g.loop(OUTER)
    loops = {key: g.loop(spec) for key, _, _, spec, _, _, _ in REGIONS}

    keep_out = []   # (x0, y0, x1, y1) boxes that decorations avoid
    for key, zh, en, spec, fill, (lx, ly), sc in REGIONS:
        keep_out.append(label_box(lx, ly, en, sc))
    for key, zh, en, fill, (lx, ly) in URBAN:
        keep_out.append(label_box(lx, ly, en, 0.72))
    keep_out.append(label_box(NANYUE_LABEL[0], NANYUE_LABEL[1], "Nanyue District", 0.72))
    pins = [(x * W, y * H) for x, y in PIN_SPOTS.values()]
    cx, cy, rx, ry = CITY
    nx, ny, nrx, nry = NANYUE
    city_poly = ellipse_pts(cx, cy, rx + 60, ry + 60)
    ny_poly = ellipse_pts(nx, ny, nrx + 40, nry + 40)
    x_dense, z_dense, l_dense = river_center(XIANG), river_center(ZHENG), river_center(LEI)

    def clear(p, r):
        if any(b[0] - r < p[0] < b[2] + r and b[1] - r < p[1] < b[3] + r for b in keep_out):
            return False
        if any(math.hypot(p[0] - q[0], p[1] - q[1]) < 190 + r for q in pins):
            return False
        if inside(p, city_poly) or inside(p, ny_poly):
            return False
        if min(dist_to_polyline(p, x_dense), dist_to_polyline(p, z_dense), dist_to_polyline(p, l_dense)) < 90 + r:
            return False
        return True

    # neighbouring land, faint, and a few clouds in the margins
    svg.add(rect(0, 0, W, H, PAPER))
    for (x, y, w) in ((430, 330, 420), (3420, 2380, 400), (3480, 200, 300), (330, 2420, 260)):
        svg.add(cloud(x, y, w, mix(PAPER2, PAPER, 0.35), mix(GOLD_L, PAPER, 0.35), random.Random(int(x + y))))

    # paper-cut shadow of the whole municipality, then the regions
    svg.add(group([path(poly_d(outer), mix(PAPER2, INK2, 0.16))], transform="translate(16,20)"))
    svg.add(path(poly_d(outer), GAP))
    for key, zh, en, spec, fill, lab, sc in REGIONS:
        svg.add(path(poly_d(loops[key]), fill))

    # textures inside the regions: hills, fields and trees, kept off labels, pins and rivers
    for key, zh, en, spec, fill, lab, sc in REGIONS:
        poly_pts = loops[key]
        xs = [p[0] for p in poly_pts]
        ys = [p[1] for p in poly_pts]
        dark = mix(fill, INK2, 0.10)
        darker = mix(fill, GREEN_D, 0.22)
        placed = []
        tries = 0
        want = int((max(xs) - min(xs)) * (max(ys) - min(ys)) / 90000)
        while len(placed) < want and tries < 900:
            tries += 1
            p = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
            if not inside(p, poly_pts) or not clear(p, 40):
                continue
            if any(math.hypot(p[0] - q[0], p[1] - q[1]) < 170 for q in placed):
                continue
            # stay well inside the region
            if not all(inside((p[0] + dx, p[1] + dy), poly_pts) for dx, dy in ((-90, 0), (90, 0), (0, -70), (0, 50))):
                continue
            placed.append(p)
            kind = rng.random()
            if kind < 0.45:
                svg.add(mound(p[0], p[1], rng.uniform(40, 62), dark))
            elif kind < 0.72:
                svg.add(field_patch(rng, p[0], p[1], rng.uniform(90, 130), dark))
            else:
                h = rng.uniform(60, 80)
                svg.add(round_tree(p[0] - 22, p[1], h, [darker, mix(darker, PAPER, 0.25), mix(darker, INK2, 0.1)],
                                   rng, trunk=mix(darker, INK2, 0.2)))
                svg.add(round_tree(p[0] + 24, p[1] + 6, h * 0.8,
                                   [darker, mix(darker, PAPER, 0.25), mix(darker, INK2, 0.1)], rng,
                                   trunk=mix(darker, INK2, 0.2)))

    # boundaries: a paper gap with a fine dashed hairline, and the outer edge
    for name in INNER:
        d = poly_d(g.chains[name], closed=False)
        svg.add(path(d, None, stroke=GAP, sw=18, cap="round", join="round"))
        svg.add(path(d, None, stroke=LINE, sw=3.5, cap="round", join="round", extra='stroke-dasharray="18 14"'))

    # rivers, clipped to the municipality (the city inset is drawn over them and repeats them inside)
    def rivers(width_scale=1.0):
        items = []
        items.append(stream(LEI, 34 * width_scale, 62 * width_scale, WATER, edge=WATER_EDGE, edge_w=4))
        items.append(stream(ZHENG, 26 * width_scale, 58 * width_scale, WATER, edge=WATER_EDGE, edge_w=4))
        items.append(stream(XIANG, 74 * width_scale, 118 * width_scale, WATER, edge=WATER_EDGE, edge_w=5))
        return items

    oclip = svg.clip_path(poly_d(outer))
    svg.add(group(rivers(), clip=oclip))
    svg.add(path(poly_d(outer), None, stroke=mix(INK2, PAPER2, 0.35), sw=6, join="round"))

    # --- Nanyue (Mount Heng) ---------------------------------------------
    ny_blob = chaikin_closed([(nx - nrx, ny + 10), (nx - nrx * 0.72, ny - nry * 0.8), (nx - nrx * 0.05, ny - nry),
                              (nx + nrx * 0.75, ny - nry * 0.78), (nx + nrx, ny + 5),
                              (nx + nrx * 0.68, ny + nry * 0.82), (nx, ny + nry), (nx - nrx * 0.7, ny + nry * 0.8)], 4)
    svg.add(group([path(poly_d(ny_blob), mix(PAPER2, INK2, 0.14))], transform="translate(10,12)"))
    svg.add(path(poly_d(ny_blob), mix(GREEN_LL, PAPER, 0.58), stroke=GAP, sw=14))
    svg.add(path(poly_d(ny_blob), None, stroke=mix(GREEN_D, PAPER, 0.35), sw=3.5, extra='stroke-dasharray="18 14"'))
    clip = svg.clip_path(poly_d(ny_blob))
    mist = mix(GREEN_LL, PAPER, 0.58)
    svg.add(group(heng_mountain(rng, nx - 30, ny + 72, 390, 210)
                  + [rect(nx - 250, ny + 56, 440, 48, mist, rx=24),
                     line(nx - 190, ny + 78, nx + 130, ny + 78, mix(GREEN_L, PAPER, 0.45), 4)], clip=clip))

    # --- the city: an enlarged inset of the four urban districts ------------
    ring = ellipse_pts(cx, cy, rx, ry, 160)
    svg.add(group([path(poly_d(ring), mix(PAPER2, INK2, 0.16))], transform="translate(14,18)"))
    svg.add(path(poly_d(ring), GAP))
    parts, lines = urban_parts()
    cclip = svg.clip_path(poly_d(ring))
    inner_items = []
    for key, zh, en, fill, lab in URBAN:
        inner_items.append(path(poly_d(parts[key]), fill))
    # tiny roofs: the built-up city, sparse and quiet
    for _ in range(260):
        p = (rng.uniform(cx - rx, cx + rx), rng.uniform(cy - ry, cy + ry))
        if ((p[0] - cx) / (rx - 70)) ** 2 + ((p[1] - cy) / (ry - 60)) ** 2 > 1:
            continue
        if any(b[0] < p[0] < b[2] and b[1] < p[1] < b[3] for b in keep_out):
            continue
        if any(math.hypot(p[0] - q[0], p[1] - q[1]) < 120 for q in pins):
            continue
        if min(dist_to_polyline(p, x_dense), dist_to_polyline(p, z_dense)) < 90:
            continue
        s = rng.uniform(16, 24)
        col = mix(STONE, PAPER, 0.45)
        inner_items.append(rect(p[0] - s, p[1] - s * 0.55, s * 2, s * 0.75, mix(col, PAPER, 0.35)))
        inner_items.append(poly([(p[0] - s * 1.25, p[1] - s * 0.5), (p[0] - s * 0.8, p[1] - s * 1.05),
                                 (p[0] + s * 0.8, p[1] - s * 1.05), (p[0] + s * 1.25, p[1] - s * 0.5)],
                                mix(TILE_D, PAPER, 0.55)))
    for ln in lines:
        d = poly_d(ln, closed=False)
        inner_items.append(path(d, None, stroke=GAP, sw=12, cap="round"))
        inner_items.append(path(d, None, stroke=LINE, sw=3, cap="round", extra='stroke-dasharray="14 11"'))
    inner_items.append(rivers(0.9))
    # woodcut water lines on the Xiang through the city
    for off in (-14, 14):
        seg = [(x + off * 0.5, y + off) for x, y in river_center(XIANG[7:12], 10)]
        inner_items.append(path(smooth_d(seg), None, stroke=WATER_LINE, sw=3, cap="round",
                                extra='stroke-dasharray="60 90"'))
    svg.add(group(inner_items, clip=cclip))
    svg.add(path(poly_d(ring), None, stroke=CITY_RING, sw=10))
    svg.add(path(poly_d(ellipse_pts(cx, cy, rx - 16, ry - 16, 160)), None, stroke=mix(GOLD, PAPER, 0.3), sw=3))

    # --- labels ------------------------------------------------------------
    for key, zh, en, spec, fill, (lx, ly), sc in REGIONS:
        svg.add(label(lx, ly, zh, en, sc, halo=fill))
    for key, zh, en, fill, (lx, ly) in URBAN:
        svg.add(label(lx, ly, zh, en, 0.72, halo=fill))
    svg.add(label(NANYUE_LABEL[0], NANYUE_LABEL[1], "南岳区", "Nanyue District", 0.72,
                  halo=mix(GREEN_LL, PAPER, 0.58)))
    svg.add(river_label(1010, 1640, "湘江 Xiang River", -8, 40))
    svg.add(river_label(1180, 735, "蒸水 Zheng River", 36, 34))
    svg.add(river_label(2680, 1450, "耒水 Lei River", -88, 34))

    svg.add(compass(330, 2140, 260))
    svg.add(frame())


def render(out, keep=None):
    for tool in ("rsvg-convert", "convert"):
        if not shutil.which(tool):
            print("missing tool: %s" % tool, file=sys.stderr)
            return 2
    svg = Svg(W, H, PAPER)
    build(svg)
    tmp = tempfile.mkdtemp(prefix="xinghuo-map-")
    try:
        svg_path = os.path.join(tmp, "hengyang.svg")
        png_path = os.path.join(tmp, "hengyang.png")
        with open(svg_path, "w", encoding="utf-8") as fh:
            fh.write(svg.text())
        if keep:
            os.makedirs(keep, exist_ok=True)
            shutil.copy(svg_path, os.path.join(keep, "hengyang.svg"))
        subprocess.run(["rsvg-convert", "-w", str(W), "-h", str(H), "-b", PAPER, "-o", png_path, svg_path],
                       check=True)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        subprocess.run(["convert", png_path, "-alpha", "off", "-colorspace", "sRGB", "-strip",
                        "-interlace", "none", "-sampling-factor", "2x2,1x1,1x1", "-quality", "85", out],
                       check=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%s  %d KB" % (out, os.path.getsize(out) // 1024))
    return 0


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.normpath(os.path.join(here, "..", "..", "media", "maps", "hengyang.jpg"))
    keep = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--out" and i + 1 < len(argv):
            out = argv[i + 1]
            i += 2
        elif a == "--keep-svg" and i + 1 < len(argv):
            keep = argv[i + 1]
            i += 2
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            print("make_map.py: unknown argument %s (see --help)" % a, file=sys.stderr)
            return 2
    return render(out, keep)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
