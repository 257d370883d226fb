#!/usr/bin/env python3
"""Original illustrations for the Xinghuo (星火) Hengyang demo hall.

Every picture is a flat vector composition in the manner of Chinese
paper-cut / woodcut posters.  The script writes SVG sources into a temporary
directory and renders them with ``rsvg-convert`` (librsvg2-bin) and
ImageMagick ``convert`` into ``media/photos/<id>/{cover,1,2,3}.jpg``.

Usage:  python3 scripts/art/make_art.py [--out DIR] [--keep-svg DIR] [id ...]

Only the Python standard library is used.  All randomness is seeded from
the image name, so the output is deterministic.
"""

import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zlib

# --------------------------------------------------------------------------
# palette
# --------------------------------------------------------------------------
RED_D = "#8B1A1A"
RED = "#B22222"
GOLD = "#D4A017"
GOLD_L = "#E8C66A"
INK = "#1E1A18"
INK2 = "#2B2523"
PAPER = "#F3E9D2"
PAPER2 = "#E9DCC0"
GREEN = "#5E6B5A"


def _rgb(c):
    c = c.lstrip("#")
    return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t):
    """Blend colour a toward colour b by t (0 = a, 1 = b)."""
    ra, rb = _rgb(a), _rgb(b)
    return "#%02X%02X%02X" % tuple(int(round(x + (y - x) * t)) for x, y in zip(ra, rb))


# derived tones (all blends of the palette)
WALL = mix(PAPER, "#FFFFFF", 0.25)
WALL_SH = mix(PAPER2, INK2, 0.12)
TILE = mix(INK2, PAPER2, 0.30)
TILE_D = mix(INK2, PAPER2, 0.12)
STONE = mix(PAPER2, INK2, 0.35)
GREEN_D = mix(GREEN, INK, 0.45)
GREEN_L = mix(GREEN, PAPER, 0.45)
GREEN_LL = mix(GREEN, PAPER, 0.7)


# --------------------------------------------------------------------------
# tiny SVG toolkit
# --------------------------------------------------------------------------
def f(v):
    s = "%.1f" % v
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def pts_str(pts):
    return " ".join("%s,%s" % (f(x), f(y)) for x, y in pts)


def attrs(fill=None, stroke=None, sw=None, op=None, cap=None, join=None, extra=""):
    a = []
    a.append('fill="%s"' % (fill if fill else "none"))
    if stroke:
        a.append('stroke="%s"' % stroke)
        if sw is not None:
            a.append('stroke-width="%s"' % f(sw))
        if cap:
            a.append('stroke-linecap="%s"' % cap)
        if join:
            a.append('stroke-linejoin="%s"' % join)
    if op is not None and op < 1:
        a.append('opacity="%.3f"' % op)
    if extra:
        a.append(extra)
    return " ".join(a)


def path(d, fill=None, **kw):
    return '<path d="%s" %s/>' % (d, attrs(fill, **kw))


def poly(pts, fill=None, **kw):
    return '<polygon points="%s" %s/>' % (pts_str(pts), attrs(fill, **kw))


def pline(pts, stroke, sw, cap="round", join="round", op=None):
    return '<polyline points="%s" %s/>' % (pts_str(pts), attrs(None, stroke, sw, op, cap, join))


def line(x1, y1, x2, y2, stroke, sw, cap="round", op=None):
    return '<line x1="%s" y1="%s" x2="%s" y2="%s" %s/>' % (
        f(x1), f(y1), f(x2), f(y2), attrs(None, stroke, sw, op, cap))


def rect(x, y, w, h, fill=None, rx=0, **kw):
    r = ' rx="%s"' % f(rx) if rx else ""
    return '<rect x="%s" y="%s" width="%s" height="%s"%s %s/>' % (
        f(x), f(y), f(w), f(h), r, attrs(fill, **kw))


def circle(cx, cy, r, fill=None, **kw):
    return '<circle cx="%s" cy="%s" r="%s" %s/>' % (f(cx), f(cy), f(r), attrs(fill, **kw))


def ellipse(cx, cy, rx, ry, fill=None, **kw):
    return '<ellipse cx="%s" cy="%s" rx="%s" ry="%s" %s/>' % (
        f(cx), f(cy), f(rx), f(ry), attrs(fill, **kw))


def group(items, transform=None, clip=None, op=None):
    a = ""
    if transform:
        a += ' transform="%s"' % transform
    if clip:
        a += ' clip-path="url(#%s)"' % clip
    if op is not None and op < 1:
        a += ' opacity="%.3f"' % op
    return "<g%s>%s</g>" % (a, "".join(flatten(items)))


def flatten(items):
    if isinstance(items, str):
        yield items
        return
    for it in items:
        if isinstance(it, str):
            yield it
        else:
            yield from flatten(it)


def poly_d(pts, closed=True):
    d = "M" + " L".join("%s,%s" % (f(x), f(y)) for x, y in pts)
    return d + ("Z" if closed else "")


def smooth_d(pts, closed=False, t=1.0, move=True):
    """Catmull-Rom spline through pts as SVG cubic path data."""
    n = len(pts)
    if n < 3:
        return poly_d(pts, closed)
    out = ["M%s,%s" % (f(pts[0][0]), f(pts[0][1]))] if move else []
    rng_ = range(n) if closed else range(n - 1)
    for i in rng_:
        p0 = pts[(i - 1) % n] if (closed or i > 0) else pts[i]
        p1 = pts[i]
        p2 = pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if (closed or i + 2 < n) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) * t / 6, p1[1] + (p2[1] - p0[1]) * t / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) * t / 6, p2[1] - (p3[1] - p1[1]) * t / 6)
        out.append("C%s,%s %s,%s %s,%s" % (f(c1[0]), f(c1[1]), f(c2[0]), f(c2[1]), f(p2[0]), f(p2[1])))
    if closed:
        out.append("Z")
    return " ".join(out)


class Svg:
    def __init__(self, w, h, bg=PAPER):
        self.w, self.h = w, h
        self.defs = []
        self.body = []
        self._n = 0
        if bg:
            self.body.append(rect(-2, -2, w + 4, h + 4, bg))

    def uid(self, p="c"):
        self._n += 1
        return "%s%d" % (p, self._n)

    def add(self, *items):
        for it in items:
            self.body.extend(flatten(it))

    def clip_path(self, d):
        i = self.uid("clip")
        self.defs.append('<clipPath id="%s"><path d="%s"/></clipPath>' % (i, d))
        return i

    def lin_grad(self, stops, x1=0, y1=0, x2=0, y2=1):
        i = self.uid("g")
        s = "".join('<stop offset="%.3f" stop-color="%s"/>' % (o, c) for o, c in stops)
        self.defs.append('<linearGradient id="%s" x1="%s" y1="%s" x2="%s" y2="%s">%s</linearGradient>'
                         % (i, x1, y1, x2, y2, s))
        return "url(#%s)" % i

    def rad_grad(self, stops, cx=0.5, cy=0.5, r=0.5):
        i = self.uid("g")
        s = "".join('<stop offset="%.3f" stop-color="%s" stop-opacity="%.3f"/>' % (o, c, a)
                    for o, c, a in stops)
        self.defs.append('<radialGradient id="%s" cx="%s" cy="%s" r="%s">%s</radialGradient>'
                         % (i, cx, cy, r, s))
        return "url(#%s)" % i

    def text(self):
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s">'
                '<defs>%s</defs>%s</svg>' % (f(self.w), f(self.h), f(self.w), f(self.h),
                                             "".join(self.defs), "".join(self.body)))


# --------------------------------------------------------------------------
# landscape primitives
# --------------------------------------------------------------------------
class Ridge:
    """A sampled ridge line; y(x) gives the height of the ground at x."""

    def __init__(self, pts):
        self.pts = pts

    def d(self, bottom):
        p = self.pts
        return smooth_d(p) + " L%s,%s L%s,%s Z" % (f(p[-1][0]), f(bottom), f(p[0][0]), f(bottom))

    def y(self, x):
        p = self.pts
        if x <= p[0][0]:
            return p[0][1]
        for (x0, y0), (x1, y1) in zip(p, p[1:]):
            if x0 <= x <= x1:
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0 or 1)
        return p[-1][1]


def ridge_pts(rng, x0, x1, base, amp, n=5, wmin=0.12, wmax=0.3, kind="round", steps=60, peaks=None):
    """Heights above base: max of bumps.  kind: round | peak."""
    span = x1 - x0
    if peaks is None:
        peaks = [(rng.uniform(x0, x1), rng.uniform(0.45, 1.0) * amp, rng.uniform(wmin, wmax) * span)
                 for _ in range(n)]
    pts = []
    for i in range(steps + 1):
        x = x0 + span * i / steps
        best = 0.0
        acc = 0.0
        for c, h, w in peaks:
            u = (x - c) / w
            if kind == "peak":
                v = h * max(0.0, 1 - abs(u)) ** 1.6
            else:
                v = h * math.exp(-u * u * 2.2)
            best = max(best, v)
            acc += v
        y = base - (best * 0.8 + min(acc, amp * 1.3) * 0.2)
        pts.append((x, y))
    return pts


def hill(rng, x0, x1, base, amp, fill, bottom, contour=None, **kw):
    pts = ridge_pts(rng, x0, x1, base, amp, **kw)
    d = smooth_d(pts) + " L%s,%s L%s,%s Z" % (f(x1), f(bottom), f(x0), f(bottom))
    items = [path(d, fill)]
    if contour:
        col, n, gap, sw = contour
        for k in range(1, n + 1):
            seg = []
            a = rng.uniform(0.05, 0.45)
            b = a + rng.uniform(0.2, 0.45)
            for (x, y) in pts:
                u = (x - x0) / (x1 - x0)
                if a <= u <= b:
                    seg.append((x, y + gap * k))
            if len(seg) > 3:
                items.append(path(smooth_d(seg), None, stroke=col, sw=sw, cap="round"))
    return items, Ridge(pts)


def sun(cx, cy, r, fill, rings=None):
    items = [circle(cx, cy, r, fill)]
    if rings:
        col, n, gap, sw = rings
        for k in range(1, n + 1):
            items.append(circle(cx, cy, r + gap * k, None, stroke=col, sw=sw, op=max(0.25, 1 - 0.22 * k)))
    return items


def rays(cx, cy, n, r, fill, start=0.0, width=0.5, op=1.0):
    items = []
    for i in range(n):
        a0 = start + 2 * math.pi * i / n
        a1 = a0 + 2 * math.pi / n * width
        items.append(poly([(cx, cy), (cx + r * math.cos(a0), cy + r * math.sin(a0)),
                           (cx + r * math.cos(a1), cy + r * math.sin(a1))], fill, op=op))
    return items


def spiral_pts(cx, cy, r, turns=1.3, s=1, start=0.0, n=40):
    pts = []
    for i in range(n + 1):
        t = i / n
        a = start + s * 2 * math.pi * turns * t
        rr = r * (0.15 + 0.85 * t)
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def cloud(cx, cy, w, fill, curl=None, rng=None, lobes=4, sw=None):
    """Paper-cut auspicious cloud: lobes on a flat base with curling lines."""
    rng = rng or random.Random(int(cx * 7 + cy * 13))
    items = []
    h = w * 0.22
    items.append(rect(cx - w / 2, cy - h * 0.55, w, h * 0.55, fill, rx=h * 0.27))
    xs = [cx - w / 2 + w * (i + 0.5) / lobes for i in range(lobes)]
    circles = []
    for i, x in enumerate(xs):
        mid = 1 - abs(i - (lobes - 1) / 2) / lobes
        r = h * (0.42 + 0.5 * mid) * rng.uniform(0.9, 1.1)
        circles.append((x, cy - h * 0.35 - r * 0.6, r))
    for x, y, r in circles:
        items.append(circle(x, y, r, fill))
    if curl:
        sw = sw or w * 0.012
        for i, (x, y, r) in enumerate(circles):
            s = -1 if x < cx else 1
            items.append(path(smooth_d(spiral_pts(x, y, r * 0.62, 1.15, s, start=math.pi / 2)),
                              None, stroke=curl, sw=sw, cap="round"))
        items.append(line(cx - w * 0.42, cy - h * 0.2, cx + w * 0.42, cy - h * 0.2, curl, sw))
    return items


def water_lines(rng, x0, x1, y0, y1, col, sw, rows=6, dash=(40, 120), op=1.0):
    """Woodcut water: rows of short horizontal strokes."""
    items = []
    for r in range(rows):
        y = y0 + (y1 - y0) * (r + 0.5) / rows
        x = x0 + rng.uniform(0, dash[1])
        while x < x1:
            L = rng.uniform(dash[0], dash[1])
            items.append(line(x, y, min(x + L, x1), y, col, sw, op=op))
            x += L + rng.uniform(dash[0], dash[1]) * 1.2
    return items


def wave_rows(rng, x0, x1, y0, y1, col, sw, rows=5, wl=60, amp=8):
    """Paper-cut sea: rows of scalloped arcs."""
    items = []
    for r in range(rows):
        y = y0 + (y1 - y0) * r / max(1, rows - 1)
        off = rng.uniform(0, wl)
        d = "M%s,%s" % (f(x0 - off), f(y))
        x = x0 - off
        while x < x1 + wl:
            d += " q%s,%s %s,0" % (f(wl / 2), f(-amp * 2), f(wl))
            x += wl
        items.append(path(d, None, stroke=col, sw=sw, cap="round"))
    return items


def terraces(rng, x0, x1, top, bottom, n, cols, line_col, sw, bend=0.25, cx=None, wave=0.05):
    """Terraced fields: stacked contour bands following spurs of the hill (back to front)."""
    items = []
    cx = (x0 + x1) / 2 if cx is None else cx
    span = x1 - x0
    waves = [(rng.uniform(2.0, 3.2), rng.uniform(0, 6.28), 1.0), (rng.uniform(4.5, 6.5), rng.uniform(0, 6.28), 0.45)]
    for i in range(n):
        t = i / n
        y = top + (bottom - top) * t
        amp = (bottom - top) * bend
        pts = []
        for k in range(41):
            x = x0 + span * k / 40
            u = (x - cx) / (span * 0.55)
            wv = sum(a * math.sin(fr * u + ph + i * 0.15) for fr, ph, a in waves)
            yy = y + amp * (u * u) - amp * 0.3 + wv * (bottom - top) * wave * (0.5 + t)
            pts.append((x, yy))
        d = smooth_d(pts) + " L%s,%s L%s,%s Z" % (f(x1), f(bottom + 400), f(x0), f(bottom + 400))
        items.append(path(d, cols[i % len(cols)]))
        items.append(path(smooth_d(pts), None, stroke=line_col, sw=sw, cap="round"))
    return items


def stream(pts, w0, w1, fill, edge=None, edge_w=0):
    """A river band along a spline, widening from w0 to w1."""
    dense = catmull(pts, 16)
    left, right = [], []
    for i, (x, y) in enumerate(dense):
        a = dense[max(0, i - 1)]
        b = dense[min(len(dense) - 1, i + 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        L = math.hypot(dx, dy) or 1
        t = i / (len(dense) - 1)
        w = (w0 + (w1 - w0) * t) / 2
        left.append((x - dy / L * w, y + dx / L * w))
        right.append((x + dy / L * w, y - dx / L * w))
    items = []
    if edge:
        items.append(path(poly_d(left + list(reversed(right))), fill, stroke=edge, sw=edge_w, join="round"))
    else:
        items.append(path(poly_d(left + list(reversed(right))), fill))
    return items


# --- trees ---------------------------------------------------------------
def pine(x, y, h, fill, rng, tiers=4, lean=0.0, trunk=None, light=None):
    """Chinese-painting pine: leaning trunk with flat foliage pads."""
    items = []
    trunk = trunk or fill
    bend = rng.uniform(-0.08, 0.08) + lean
    spine = [(x, y), (x + bend * h * 0.3, y - h * 0.35), (x - bend * h * 0.1, y - h * 0.7), (x + bend * h * 0.2, y - h * 0.95)]
    tw = h * 0.035
    left = [(px - tw * (1.3 - 0.9 * i / 3), py) for i, (px, py) in enumerate(spine)]
    right = [(px + tw * (1.3 - 0.9 * i / 3), py) for i, (px, py) in enumerate(spine)]
    items.append(path(smooth_d(left) + " L" + smooth_d(list(reversed(right)))[1:] + " Z", trunk))
    for i in range(tiers):
        t = 0.42 + 0.55 * i / max(1, tiers - 1)
        side = 1 if i % 2 == 0 else -1
        if i == tiers - 1:
            side = 0
        px = x + bend * h * 0.2 * t
        py = y - h * t
        w = h * (0.34 - 0.12 * t) * rng.uniform(0.9, 1.15)
        cxp = px + side * w * 0.75
        if side:
            items.append(line(px, py + h * 0.03, cxp, py - h * 0.01, trunk, tw * 0.6))
        th = h * 0.075
        d = ("M%s,%s Q%s,%s %s,%s Q%s,%s %s,%s Q%s,%s %s,%s Z" %
             (f(cxp - w), f(py), f(cxp - w * 0.95), f(py - th * 1.1), f(cxp - w * 0.45), f(py - th * 1.2),
              f(cxp - w * 0.1), f(py - th * 2.0), f(cxp + w * 0.35), f(py - th * 1.3),
              f(cxp + w * 1.0), f(py - th * 1.2), f(cxp + w), f(py)))
        items.append(path(d, fill))
        if light:
            for k in range(3):
                u = -0.6 + 0.6 * k
                items.append(path("M%s,%s q%s,%s %s,0" % (f(cxp + u * w - w * 0.18), f(py - th * 0.35),
                                                          f(w * 0.18), f(-th * 0.5), f(w * 0.36)),
                                  None, stroke=light, sw=h * 0.008, cap="round"))
    return items


def round_tree(x, y, h, fills, rng, trunk=None, spread=1.0, lobes=9, light=None):
    """Broad-leaf tree (camphor etc.): scalloped canopy of disks."""
    items = []
    trunk = trunk or fills[-1]
    tw = h * 0.07
    items.append(path("M%s,%s C%s,%s %s,%s %s,%s L%s,%s C%s,%s %s,%s %s,%s Z" % (
        f(x - tw * 1.6), f(y), f(x - tw * 0.5), f(y - h * 0.15), f(x - tw * 0.6), f(y - h * 0.35),
        f(x - tw * 0.4), f(y - h * 0.55), f(x + tw * 0.4), f(y - h * 0.55), f(x + tw * 0.6),
        f(y - h * 0.35), f(x + tw * 0.5), f(y - h * 0.15), f(x + tw * 1.6), f(y)), trunk))
    cy = y - h * 0.68
    R = h * 0.34 * spread
    disks = []
    for i in range(lobes):
        a = 2 * math.pi * i / lobes + rng.uniform(-0.3, 0.3)
        rr = rng.uniform(0.55, 0.8)
        disks.append((x + math.cos(a) * R * rr * 1.25, cy + math.sin(a) * R * rr * 0.62,
                      R * rng.uniform(0.4, 0.55)))
    disks.append((x, cy, R * 0.7))
    dark = fills[-1] if len(fills) > 1 else fills[0]
    mid = fills[0]
    for (dx, dy, r) in disks:
        items.append(circle(dx, dy + r * 0.14, r, dark))
    for (dx, dy, r) in disks:
        items.append(circle(dx, dy, r * 0.97, mid))
    lc = light or (fills[1] if len(fills) > 2 else None)
    if lc:
        for (dx, dy, r) in disks:
            if dy < cy + R * 0.2:
                items.append(path("M%s,%s A%s,%s 0 0 1 %s,%s" % (
                    f(dx - r * 0.55), f(dy - r * 0.25), f(r * 0.6), f(r * 0.6), f(dx + r * 0.35),
                    f(dy - r * 0.55)), None, stroke=lc, sw=h * 0.012, cap="round"))
    return items


def bamboo(x, y, h, fill, rng, n=5):
    items = []
    for i in range(n):
        bx = x + rng.uniform(-0.08, 0.08) * h
        hh = h * rng.uniform(0.7, 1.0)
        lean = rng.uniform(-0.08, 0.08)
        top = (bx + lean * hh, y - hh)
        items.append(line(bx, y, top[0], top[1], fill, h * 0.016))
        for k in range(1, 8):
            t = k / 8
            nx, ny = bx + lean * hh * t, y - hh * t
            items.append(line(nx - h * 0.012, ny, nx + h * 0.012, ny, fill, h * 0.006))
        for k in range(6):
            t = rng.uniform(0.45, 1.0)
            nx, ny = bx + lean * hh * t, y - hh * t
            s = rng.choice([-1, 1])
            for j in range(3):
                L = h * rng.uniform(0.07, 0.11)
                a = math.radians(rng.uniform(10, 40)) + j * 0.25
                tx, ty = nx + s * L * math.cos(a), ny + L * math.sin(a) * 0.6
                items.append(leaf(nx, ny, tx, ty, L * 0.18, fill))
    return items


def leaf(x0, y0, x1, y1, w, fill):
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    L = math.hypot(dx, dy) or 1
    nx, ny = -dy / L * w, dx / L * w
    return path("M%s,%s Q%s,%s %s,%s Q%s,%s %s,%s Z" % (
        f(x0), f(y0), f(mx + nx), f(my + ny), f(x1), f(y1), f(mx - nx), f(my - ny), f(x0), f(y0)), fill)


def blossom(cx, cy, r, fill, centre=None, petals=5, rot=0.0):
    items = []
    for i in range(petals):
        a = rot + 2 * math.pi * i / petals
        items.append(circle(cx + math.cos(a) * r * 0.55, cy + math.sin(a) * r * 0.55, r * 0.5, fill))
    if centre:
        items.append(circle(cx, cy, r * 0.28, centre))
    return items


def branch(rng, x, y, length, angle, width, fill, depth=3, out=None, tips=None):
    """Angular plum-blossom branch; returns items, collects tip points."""
    items = [] if out is None else out
    tips = [] if tips is None else tips
    segs = rng.randint(2, 3)
    px, py = x, y
    a = angle
    for s in range(segs):
        a += math.radians(rng.uniform(-22, 22))
        L = length / segs
        nx, ny = px + L * math.cos(a), py + L * math.sin(a)
        items.append(line(px, py, nx, ny, fill, width * (1 - 0.25 * s / segs)))
        tips.append((nx, ny))
        if width < 30:
            tips.append(((px + nx) / 2, (py + ny) / 2))
        if depth > 0 and rng.random() < 0.75:
            branch(rng, nx, ny, length * 0.55, a + math.radians(rng.choice([-1, 1]) * rng.uniform(30, 55)),
                   width * 0.6, fill, depth - 1, items, tips)
        px, py = nx, ny
    return items, tips


# --------------------------------------------------------------------------
# architecture
# --------------------------------------------------------------------------
def coping(x0, x1, y, t, fill, tip_l=True, tip_r=True, ov=None):
    """Tile coping strip on a wall top with upturned 'horse-head' tips."""
    ov = t * 0.6 if ov is None else ov
    a, b = x0 - ov, x1 + ov
    d = "M%s,%s L%s,%s" % (f(a + t * 0.4), f(y), f(b - t * 0.4), f(y))
    if tip_r:
        d += " Q%s,%s %s,%s L%s,%s" % (f(b + t * 0.2), f(y - t * 0.2), f(b + t * 0.9), f(y - t * 2.1),
                                      f(b - t * 0.5), f(y - t))
    else:
        d += " L%s,%s L%s,%s" % (f(b), f(y), f(b), f(y - t))
    if tip_l:
        d += " L%s,%s L%s,%s Q%s,%s %s,%s Z" % (f(a + t * 0.5), f(y - t), f(a - t * 0.9), f(y - t * 2.1),
                                                f(a - t * 0.2), f(y - t * 0.2), f(a + t * 0.4), f(y))
    else:
        d += " L%s,%s L%s,%s Z" % (f(a), f(y - t), f(a), f(y))
    return path(d, fill)


def stepped_wall(cx, base, w, h, steps=2, rise=None, t=None, wall=WALL, cap=TILE_D, band=None):
    """Symmetric stepped gable / guild-hall front (马头墙)."""
    rise = rise or h * 0.22
    t = t or w * 0.028
    levels = []
    for i in range(steps + 1):
        ww = w * (1 - i / (steps + 0.6))
        levels.append((ww, h + rise * i))
    pts = [(cx - w / 2, base)]
    for i, (ww, hh) in enumerate(levels):
        if i > 0:
            pts.append((cx - ww / 2, base - levels[i - 1][1]))
        pts.append((cx - ww / 2, base - hh))
    for i, (ww, hh) in reversed(list(enumerate(levels))):
        pts.append((cx + ww / 2, base - hh))
        if i > 0:
            pts.append((cx + ww / 2, base - levels[i - 1][1]))
    pts.append((cx + w / 2, base))
    items = [poly(pts, wall)]
    band = band or mix(wall, INK2, 0.55)
    for i, (ww, hh) in enumerate(levels):
        y = base - hh
        if i < len(levels) - 1:
            nw = levels[i + 1][0]
            items.append(rect(cx - ww / 2, y, (ww - nw) / 2, t * 0.7, band))
            items.append(rect(cx + nw / 2, y, (ww - nw) / 2, t * 0.7, band))
            items.append(coping(cx - ww / 2, cx - nw / 2, y, t, cap, True, False, ov=t * 0.5))
            items.append(coping(cx + nw / 2, cx + ww / 2, y, t, cap, False, True, ov=t * 0.5))
        else:
            items.append(rect(cx - ww / 2, y, ww, t * 0.7, band))
            items.append(coping(cx - ww / 2, cx + ww / 2, y, t, cap, True, True, ov=t * 0.5))
    return items


def tiled_roof(x0, x1, y, h, fill=TILE, line_col=None, ridge=None, flick=True, lines=True, inset=0.04):
    """Front view of a gently pitched tile roof (grey)."""
    w = x1 - x0
    ov = w * 0.03
    a, b = x0 - ov, x1 + ov
    top = y - h
    d = ("M%s,%s L%s,%s L%s,%s L%s,%s Z" % (f(a), f(y), f(b), f(y), f(x1 - w * inset), f(top),
                                            f(x0 + w * inset), f(top)))
    items = [path(d, fill)]
    if lines:
        lc = line_col or mix(fill, PAPER, 0.18)
        n = max(6, int(w / (h * 0.35)))
        for i in range(1, n):
            u = i / n
            xb = a + (b - a) * u
            xt = x0 + w * inset + (w * (1 - 2 * inset)) * u
            items.append(line(xt, top + h * 0.12, xb, y - h * 0.05, lc, max(0.6, h * 0.05), cap="butt"))
    rc = ridge or TILE_D
    rt = h * 0.22
    items.append(rect(x0 + w * inset - rt * 0.5, top - rt * 0.7, w * (1 - 2 * inset) + rt, rt, rc))
    if flick:
        for s, xe in ((-1, x0 + w * inset - rt * 0.5), (1, x1 - w * inset + rt * 0.5)):
            items.append(path("M%s,%s Q%s,%s %s,%s L%s,%s Z" % (
                f(xe), f(top + rt * 0.3), f(xe + s * rt * 0.6), f(top - rt * 0.2), f(xe + s * rt * 0.9),
                f(top - rt * 1.7), f(xe - s * rt * 0.6), f(top - rt * 0.7)), rc))
    items.append(rect(a, y, b - a, max(1.0, h * 0.08), mix(fill, INK, 0.4)))
    return items


def cn_roof(cx, y, w, h, fill=TILE_D, flick=0.35, ridge=None, shadow=INK2, thick=None, ornament=True):
    """Chinese hip-and-gable roof with upturned eaves (front view)."""
    thick = thick if thick is not None else h * 0.16
    xt0, xt1 = cx - w / 2, cx + w / 2
    ty = y - h * flick
    xr = w * 0.3
    top = y - h
    d = "M%s,%s" % (f(cx - xr), f(top))
    d += " C%s,%s %s,%s %s,%s" % (f(cx - xr - w * 0.06), f(top + h * 0.6), f(xt0 + w * 0.14), f(y - thick * 0.9),
                                 f(xt0), f(ty))
    d += " Q%s,%s %s,%s" % (f(xt0 + w * 0.05), f(y), f(xt0 + w * 0.16), f(y))
    d += " L%s,%s" % (f(xt1 - w * 0.16), f(y))
    d += " Q%s,%s %s,%s" % (f(xt1 - w * 0.05), f(y), f(xt1), f(ty))
    d += " C%s,%s %s,%s %s,%s Z" % (f(xt1 - w * 0.14), f(y - thick * 0.9), f(cx + xr + w * 0.06),
                                    f(top + h * 0.6), f(cx + xr), f(top))
    items = [path(d, fill)]
    if shadow:
        items.append(rect(xt0 + w * 0.12, y, w * 0.76, thick * 0.55, shadow))
    rc = ridge or fill
    rt = h * 0.13
    items.append(rect(cx - xr - rt * 0.3, top - rt, 2 * xr + rt * 0.6, rt * 1.1, rc))
    if ornament:
        for s in (-1, 1):
            xe = cx + s * (xr + rt * 0.3)
            items.append(path("M%s,%s Q%s,%s %s,%s Q%s,%s %s,%s L%s,%s Z" % (
                f(xe), f(top + rt * 0.1), f(xe + s * rt * 1.2), f(top - rt * 0.2), f(xe + s * rt * 0.5),
                f(top - rt * 2.2), f(xe + s * rt * 0.1), f(top - rt * 1.3), f(xe - s * rt * 0.6),
                f(top - rt * 1.0), f(xe - s * rt * 0.7), f(top + rt * 0.1)), rc))
    return items


def door(cx, base, w, h, fill=INK2, frame=STONE, hood=TILE_D, leaves=None):
    items = [rect(cx - w / 2 - w * 0.12, base - h - w * 0.12, w * 1.24, h + w * 0.12, frame),
             rect(cx - w / 2, base - h, w, h, fill)]
    if leaves:
        items.append(line(cx, base - h, cx, base, leaves, w * 0.03, cap="butt"))
    if hood:
        items.append(tiled_roof(cx - w * 0.75, cx + w * 0.75, base - h - w * 0.2, w * 0.22, hood, lines=False))
    return items


def window(x, y, w, h, fill=INK2, frame=None, lattice=None, bars=0):
    items = []
    if frame:
        items.append(rect(x - w * 0.1, y - w * 0.1, w * 1.2, h + w * 0.2, frame))
    items.append(rect(x, y, w, h, fill))
    if lattice:
        items.append(line(x + w / 2, y, x + w / 2, y + h, lattice, w * 0.06, cap="butt"))
        items.append(line(x, y + h / 2, x + w, y + h / 2, lattice, w * 0.06, cap="butt"))
    for i in range(bars):
        bx = x + w * (i + 1) / (bars + 1)
        items.append(line(bx, y, bx, y + h, frame or STONE, w * 0.05, cap="butt"))
    return items


def front_house(cx, base, w, h, rh=None, wall=WALL, roof=TILE, door_w=None, windows=2, ends=True,
                plinth=STONE, lines=True, dfill=INK2, win_fill=INK2, hood=True):
    """Southern-Hunan house seen from the long side: white wall, grey tile roof, fire walls."""
    rh = rh or h * 0.32
    x0, x1 = cx - w / 2, cx + w / 2
    items = [rect(x0, base - h, w, h, wall), rect(x0, base - h * 0.08, w, h * 0.08, plinth)]
    items.append(tiled_roof(x0, x1, base - h, rh, roof, lines=lines))
    if ends:
        ew = w * 0.045
        for s in (-1, 1):
            ex = x0 if s < 0 else x1 - ew
            top = base - h - rh * 1.35
            items.append(rect(ex, top, ew, h + rh * 1.35, wall))
            items.append(coping(ex, ex + ew, top, ew * 0.42, TILE_D, s < 0, s > 0, ov=ew * 0.2))
    dw = door_w or w * 0.14
    items.append(door(cx, base - h * 0.08, dw, h * 0.58, dfill, hood=TILE_D if hood else None))
    for i in range(windows):
        side = -1 if i % 2 == 0 else 1
        k = i // 2 + 1
        wx = cx + side * (dw * 0.9 + k * w * 0.16) - w * 0.04
        items.append(window(wx, base - h * 0.72, w * 0.08, h * 0.2, win_fill, lattice=mix(wall, INK2, 0.2)))
    return items


def gable_house(cx, base, w, h, steps=2, wall=WALL, cap=TILE_D, door_w=None, win=True, dfill=INK2):
    """House seen from the gable end: stepped horse-head wall."""
    items = stepped_wall(cx, base, w, h, steps=steps, rise=h * 0.26, wall=wall, cap=cap)
    items.append(rect(cx - w / 2, base - h * 0.07, w, h * 0.07, STONE))
    if door_w:
        items.append(door(cx, base - h * 0.07, door_w, h * 0.5, dfill, hood=TILE_D))
    if win:
        ww = w * 0.09
        items.append(window(cx - ww / 2, base - h - h * 0.1, ww, ww * 0.9, INK2))
    return items


def columns(xs, top, base, w, fill=RED_D):
    return [rect(x - w / 2, top, w, base - top, fill) for x in xs]


def brick_lines(x0, x1, y0, y1, col, sw, rows, rng=None, vert=True):
    items = []
    rng = rng or random.Random(7)
    for r in range(1, rows):
        y = y0 + (y1 - y0) * r / rows
        items.append(line(x0, y, x1, y, col, sw, cap="butt"))
    return items


def crenellations(x0, x1, top, mh, mw, fill, gap_ratio=0.7, broken=None, rng=None):
    items = []
    x = x0
    i = 0
    while x + mw <= x1 + 0.1:
        hh = mh
        if broken and rng and rng.random() < broken:
            hh = mh * rng.uniform(0.0, 0.5)
        if hh > 0.5:
            items.append(rect(x, top - hh, mw, hh + 1, fill))
        x += mw * (1 + gap_ratio)
        i += 1
    return items


def city_wall(x0, x1, top, base, fill, course=None, merlon=None, rng=None, broken=None):
    h = base - top
    items = [rect(x0, top, x1 - x0, h, fill)]
    if course:
        items += brick_lines(x0, x1, top + h * 0.12, base, course, h * 0.012, 7)
    mh = merlon or h * 0.13
    items += crenellations(x0, x1, top, mh, mh * 1.1, fill, 0.65, broken, rng)
    return items


def gate_tower(cx, base, w, fill_wall=WALL, roof=TILE_D, post=RED_D, dark=INK2, tiers=2):
    """Two-storey gate tower (城楼) standing on a wall top at base."""
    items = []
    h1 = w * 0.22
    items.append(rect(cx - w * 0.42, base - h1, w * 0.84, h1, fill_wall))
    items.append(rect(cx - w * 0.42, base - h1, w * 0.84, h1 * 0.18, dark))
    for i in range(7):
        px = cx - w * 0.4 + w * 0.8 * i / 6
        items.append(rect(px - w * 0.012, base - h1, w * 0.024, h1, post))
    for i in range(6):
        px = cx - w * 0.4 + w * 0.8 * (i + 0.5) / 6
        items.append(rect(px - w * 0.035, base - h1 * 0.7, w * 0.07, h1 * 0.38, dark))
    items.append(cn_roof(cx, base - h1, w * 1.12, w * 0.16, roof, flick=0.45, shadow=None, ornament=False))
    if tiers > 1:
        y2 = base - h1 - w * 0.13
        h2 = w * 0.15
        items.append(rect(cx - w * 0.3, y2 - h2, w * 0.6, h2, fill_wall))
        for i in range(5):
            px = cx - w * 0.28 + w * 0.56 * i / 4
            items.append(rect(px - w * 0.011, y2 - h2, w * 0.022, h2, post))
        for i in range(4):
            px = cx - w * 0.28 + w * 0.56 * (i + 0.5) / 4
            items.append(rect(px - w * 0.03, y2 - h2 * 0.75, w * 0.06, h2 * 0.45, dark))
        items.append(cn_roof(cx, y2 - h2, w * 0.86, w * 0.2, roof, flick=0.45, shadow=None))
    return items


def headframe(x, base, h, fill=INK, wheel=None, rng=None, sw=None):
    """Mine headframe: trestle tower with sheave wheel and back-leg."""
    sw = sw or h * 0.022
    wheel = wheel or fill
    items = []
    w = h * 0.42
    top = (x, base - h)
    L0, R0 = (x - w / 2, base), (x + w / 2, base)
    tl, tr = (x - w * 0.12, base - h * 0.92), (x + w * 0.12, base - h * 0.92)
    items.append(pline([L0, tl], fill, sw * 1.4))
    items.append(pline([R0, tr], fill, sw * 1.4))
    n = 5
    prev = None
    for i in range(n + 1):
        t = i / n
        a = (L0[0] + (tl[0] - L0[0]) * t, L0[1] + (tl[1] - L0[1]) * t)
        b = (R0[0] + (tr[0] - R0[0]) * t, R0[1] + (tr[1] - R0[1]) * t)
        items.append(line(a[0], a[1], b[0], b[1], fill, sw * 0.8))
        if prev:
            items.append(line(prev[0][0], prev[0][1], b[0], b[1], fill, sw * 0.55))
            items.append(line(prev[1][0], prev[1][1], a[0], a[1], fill, sw * 0.55))
        prev = (a, b)
    items.append(rect(tl[0] - w * 0.08, tl[1] - h * 0.03, (tr[0] - tl[0]) + w * 0.16, h * 0.035, fill))
    # back leg
    bl = (x + h * 0.55, base)
    items.append(line(bl[0], bl[1], tr[0], tr[1], fill, sw * 1.2))
    items.append(line(bl[0] - h * 0.12, base, x + h * 0.18, base - h * 0.62, fill, sw * 0.8))
    r = h * 0.1
    cy = base - h * 0.92 - r * 0.9
    items.append(circle(x, cy, r, None, stroke=wheel, sw=sw * 0.9))
    for k in range(4):
        a = math.pi * k / 4
        items.append(line(x - r * math.cos(a), cy - r * math.sin(a), x + r * math.cos(a), cy + r * math.sin(a),
                          wheel, sw * 0.4))
    items.append(circle(x, cy, r * 0.18, wheel))
    # cable to the winding house
    items.append(line(x + r, cy, x + h * 0.75, base - h * 0.22, fill, sw * 0.35))
    # winding house
    hx = x + h * 0.75
    items.append(rect(hx, base - h * 0.26, h * 0.36, h * 0.26, fill))
    items.append(poly([(hx - h * 0.03, base - h * 0.26), (hx + h * 0.18, base - h * 0.36),
                       (hx + h * 0.39, base - h * 0.26)], fill))
    items.append(rect(hx + h * 0.26, base - h * 0.5, h * 0.04, h * 0.22, fill))
    return items


# --------------------------------------------------------------------------
# people: dignified stylised silhouettes, no faces
# --------------------------------------------------------------------------
def _vec(a_deg, L, s):
    a = math.radians(a_deg)
    return (s * math.sin(a) * L, math.cos(a) * L)


POSES = {
    "stand": dict(lean=0, arms=[(6, 2), (-5, -2)], legs=[(2, 0), (-2, 0)]),
    "attention": dict(lean=0, arms=[(2, 0), (-2, 0)], legs=[(1, 0), (-1, 0)]),
    "fist": dict(lean=-2, arms=[(160, 172), (-6, -2)], legs=[(6, 2), (-8, -4)]),
    "point": dict(lean=2, arms=[(78, 92), (-5, 0)], legs=[(6, 2), (-6, -3)]),
    "reach": dict(lean=2, arms=[(125, 140), (-5, 0)], legs=[(6, 2), (-6, -3)]),
    "speak": dict(lean=0, arms=[(40, 115), (-6, -2)], legs=[(4, 0), (-5, -2)]),
    "hold": dict(lean=0, arms=[(25, 95), (-6, -2)], legs=[(3, 0), (-3, -1)]),
    "hold2": dict(lean=0, arms=[(25, 95), (15, 95)], legs=[(3, 0), (-3, -1)]),
    "torch": dict(lean=-3, arms=[(150, 162), (-8, -2)], legs=[(8, 3), (-9, -5)]),
    "shoulder": dict(lean=3, arms=[(20, 150), (-8, -3)], legs=[(3, 0), (-3, -1)]),
    "sit": dict(lean=4, arms=[(20, 70), (15, 65)], legs=[(88, 2), (84, -3)], sit=True),
    "sit_talk": dict(lean=2, arms=[(35, 110), (15, 65)], legs=[(88, 2), (84, -3)], sit=True),
    "bend": dict(lean=38, arms=[(30, 40), (10, 20)], legs=[(18, 2), (-14, -6)]),
    "bow": dict(lean=22, arms=[(8, 8), (4, 4)], legs=[(2, 0), (-2, 0)]),
    "write": dict(lean=25, arms=[(55, 95), (40, 85)], legs=[(88, 2), (84, -3)], sit=True),
    "sit_ground": dict(lean=10, arms=[(40, 95), (30, 85)], legs=[(112, 18), (100, 12)], sit=True, ground=True),
    "kneel": dict(lean=6, arms=[(30, 60), (10, 30)], legs=[(80, 0), (8, -92)]),
}


def walk_pose(ph, stride=22, lean=5, arms=None):
    a = math.sin(2 * math.pi * ph)
    th1, th2 = stride * a, -stride * a
    sh1 = th1 - (24 if a < 0 else 4) * abs(a)
    sh2 = th2 - (24 if a > 0 else 4) * abs(a)
    if arms is None:
        arms = [(-18 * a, -18 * a + 14), (18 * a, 18 * a + 14)]
    return dict(lean=lean, arms=arms, legs=[(th1, sh1), (th2, sh2)])


def person(x, y, h, s=1, pose="stand", wear="jacket", hat=None, fill=INK, acc=RED, prop=None,
           kid=False, scarf=None, hair=None, light=PAPER, arms=None, lean=None, front=False):
    """A silhouette figure standing on (x, y), height h, facing s (+1 right, -1 left)."""
    P = dict(POSES[pose]) if isinstance(pose, str) else dict(pose)
    if arms is not None:
        P["arms"] = arms
    if lean is not None:
        P["lean"] = lean
    k = 1.18 if kid else 1.0
    r = h * 0.062 * k
    L_th, L_sh = h * 0.245, h * 0.245
    L_t = h * 0.30 * (0.92 if kid else 1)
    L_ua, L_fa = h * 0.165, h * 0.16
    leg_w, arm_w = h * 0.07, h * 0.052
    hipw = h * 0.035 if not front else h * 0.05
    # legs
    hip = (0.0, 0.0)
    feet, knees = [], []
    for i, (th, sh) in enumerate(P["legs"]):
        hx = hip[0] + (0 if not front else (-hipw if i == 0 else hipw))
        kx, ky = _vec(th, L_th, s)
        K = (hx + kx, hip[1] + ky)
        fx, fy = _vec(sh, L_sh, s)
        F = (K[0] + fx, K[1] + fy)
        knees.append(K)
        feet.append(F)
    if P.get("ground"):
        dy = y - h * 0.035
    elif P.get("sit"):
        dy = y - (feet[0][1] + feet[1][1]) / 2
    else:
        dy = y - max(F[1] for F in feet) - leg_w * 0.3
    dx = x

    def T(p):
        return (p[0] + dx, p[1] + dy)

    hipT = T(hip)
    knees = [T(p) for p in knees]
    feet = [T(p) for p in feet]
    lean_v = _vec(180 - P["lean"], L_t, s)
    sh = (hipT[0] + lean_v[0], hipT[1] + lean_v[1])
    nv = _vec(180 - P["lean"] * 0.6, h * 0.035 + r, s)
    head = (sh[0] + nv[0] + s * r * 0.1, sh[1] + nv[1])
    items = []
    # back arm first
    hands = []
    arm_list = P["arms"]
    shoulders = []
    for i, (ua, fa) in enumerate(arm_list):
        if front:
            S = (sh[0] + (-1 if i == 0 else 1) * h * 0.1, sh[1] + h * 0.02)
        else:
            S = (sh[0] - s * h * 0.005, sh[1] + h * 0.025)
        shoulders.append(S)
        ex, ey = _vec(ua, L_ua, s if not front else (1 if i == 0 else -1) * 1)
        if front:
            ex = (-1 if i == 0 else 1) * abs(ex) if ua < 90 else ex * (-1 if i == 0 else 1)
        E = (S[0] + ex, S[1] + ey)
        hx_, hy_ = _vec(fa, L_fa, s if not front else 1)
        if front:
            hx_ = (-1 if i == 0 else 1) * abs(hx_)
        Hd = (E[0] + hx_, E[1] + hy_)
        hands.append((S, E, Hd))
    backcol = mix(fill, light, 0.12) if not front else fill
    # back leg & arm slightly lighter for legibility
    order_legs = [1, 0]
    for i in order_legs:
        col = backcol if i == 1 else fill
        items.append(pline([hipT, knees[i]], col, leg_w * 1.15))
        items.append(pline([knees[i], feet[i]], col, leg_w * 0.85))
        ft = feet[i]
        items.append(line(ft[0] - s * leg_w * 0.1, ft[1] + leg_w * 0.15, ft[0] + s * h * 0.055,
                           ft[1] + leg_w * 0.2, col, leg_w * 0.55))
    if not front:
        S, E, Hd = hands[1]
        items.append(pline([S, E], backcol, arm_w * 1.1))
        items.append(pline([E, Hd], backcol, arm_w * 0.85))
    # clothing lower part
    ground = y
    perp = (math.cos(math.radians(P["lean"])), 0)
    if wear in ("gown", "skirt", "coat", "robe"):
        hem_y = {"gown": ground - h * 0.07, "skirt": ground - h * 0.035, "coat": hipT[1] + h * 0.27,
                 "robe": ground - h * 0.05}[wear]
        if P.get("sit"):
            kx = [p[0] for p in knees]
            items.append(poly([(hipT[0] - s * h * 0.08, hipT[1] - h * 0.06),
                               (max(kx) if s > 0 else min(kx), knees[0][1] - h * 0.05),
                               (knees[0][0] + s * h * 0.03, knees[0][1] + h * 0.05),
                               (knees[0][0] + s * h * 0.02, hem_y if wear != "coat" else knees[0][1] + h * 0.12),
                               (hipT[0] - s * h * 0.1, hem_y if wear != "coat" else knees[0][1] + h * 0.12)],
                              fill))
        else:
            xs = [p[0] for p in knees]
            lo, hi = min(xs), max(xs)
            if wear == "coat":
                lo, hi = min(p[0] for p in knees), max(p[0] for p in knees)
                if front:
                    lo, hi = lo - h * 0.06, hi + h * 0.06
            flare = h * (0.085 if wear == "gown" else 0.1 if wear == "skirt" else 0.08)
            lo = min(lo + flare * 0.1, hipT[0] - flare)
            hi = max(hi - flare * 0.1, hipT[0] + flare)
            items.append(poly([(hipT[0] - h * 0.07, hipT[1] - h * 0.05), (hipT[0] + h * 0.07, hipT[1] - h * 0.05),
                               (hi, hem_y), (lo, hem_y)], fill, stroke=fill, sw=h * 0.012, join="round"))
    # torso (smooth silhouette in a frame along the spine)
    ax, ay = sh[0] - hipT[0], sh[1] - hipT[1]
    Ln = math.hypot(ax, ay) or 1
    ux, uy = ax / Ln, ay / Ln
    nx, ny = -uy, ux
    if nx * s < 0:
        nx, ny = -nx, -ny
    sc = L_t / 0.30

    def Q(u, n):
        return (hipT[0] + ux * u * sc + nx * n * h, hipT[1] + uy * u * sc + ny * n * h)
    if front:
        prof = [(-0.03, -0.085), (0.12, -0.08), (0.25, -0.115), (0.3, -0.1), (0.315, -0.03), (0.315, 0.03),
                (0.3, 0.1), (0.25, 0.115), (0.12, 0.08), (-0.03, 0.085), (-0.05, 0.0)]
    elif wear == "jacket" and not P.get("sit"):
        prof = [(-0.075, -0.066), (0.12, -0.066), (0.24, -0.074), (0.295, -0.064), (0.318, -0.02),
                (0.31, 0.035), (0.25, 0.075), (0.14, 0.068), (-0.075, 0.066)]
    else:
        prof = [(-0.03, -0.066), (0.12, -0.064), (0.24, -0.072), (0.295, -0.064), (0.318, -0.02),
                (0.31, 0.035), (0.25, 0.075), (0.14, 0.066), (-0.03, 0.064), (-0.06, 0.0)]
    tor = [Q(u * h / sc, n) for u, n in prof]
    items.append(path(smooth_d(tor, closed=True, t=0.8), fill))
    # neck + head
    items.append(line(sh[0], sh[1], head[0], head[1], fill, h * 0.05))
    items.append(circle(head[0], head[1], r, fill))
    # hair / hats
    items.extend(headwear(head, r, s, hat, hair, fill, acc, light, h))
    if scarf == "kid":
        nk = (sh[0] + s * h * 0.02, sh[1] + h * 0.005)
        items.append(poly([(nk[0] - s * h * 0.045, nk[1] - h * 0.01), (nk[0] + s * h * 0.05, nk[1] - h * 0.015),
                           (nk[0] + s * h * 0.03, nk[1] + h * 0.075)], acc))
    elif scarf == "long":
        nk = (sh[0] + s * h * 0.005, sh[1] - h * 0.005)
        items.append(line(nk[0] - s * h * 0.045, nk[1] + h * 0.01, nk[0] + s * h * 0.05, nk[1] + h * 0.005,
                          acc, h * 0.04))
        tail = [(nk[0] - s * h * 0.03, nk[1] + h * 0.01), (nk[0] - s * h * 0.14, nk[1] + h * 0.03),
                (nk[0] - s * h * 0.25, nk[1] - h * 0.005), (nk[0] - s * h * 0.36, nk[1] + h * 0.03)]
        items.append(ribbon(tail, h * 0.042, h * 0.022, acc))
        items.append(line(nk[0] + s * h * 0.03, nk[1], nk[0] + s * h * 0.045, nk[1] + h * 0.16, acc, h * 0.034))
    # front arm
    if front:
        for S, E, Hd in hands:
            items.append(pline([S, E], fill, arm_w * 1.1))
            items.append(pline([E, Hd], fill, arm_w * 0.85))
    else:
        S, E, Hd = hands[0]
        items.append(pline([S, E], fill, arm_w * 1.1))
        items.append(pline([E, Hd], fill, arm_w * 0.85))
    items.extend(props(prop, hands, head, sh, hipT, h, s, fill, acc, light, y, lambda u, n: Q(u * h / sc, n)))
    return items


def ribbon(pts, w0, w1, fill):
    dense = catmull(pts, 10)
    left, right = [], []
    for i, (x, y) in enumerate(dense):
        a = dense[max(0, i - 1)]
        b = dense[min(len(dense) - 1, i + 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        L = math.hypot(dx, dy) or 1
        w = (w0 + (w1 - w0) * i / (len(dense) - 1)) / 2
        left.append((x - dy / L * w, y + dx / L * w))
        right.append((x + dy / L * w, y - dx / L * w))
    return path(poly_d(left + list(reversed(right))), fill)


def headwear(c, r, s, hat, hair, fill, acc, light, h):
    x, y = c
    it = []
    if hair == "bun":
        it.append(circle(x - s * r * 0.95, y - r * 0.15, r * 0.48, fill))
    elif hair == "bob":
        it.append(path("M%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s Z" % (
            f(x + s * r * 0.6), f(y - r * 0.9), f(x - s * r * 1.5), f(y - r * 1.4), f(x - s * r * 1.12), f(y + r * 0.8),
            f(x - s * r * 0.3), f(y + r * 0.85), f(x - s * r * 0.2), f(y), f(x + s * r * 0.6), f(y - r * 0.9)), fill))
    elif hair == "braid":
        it.append(path(smooth_d([(x - s * r * 0.8, y), (x - s * r * 1.1, y + r * 1.2), (x - s * r * 0.9, y + r * 2.2)]),
                       None, stroke=fill, sw=r * 0.45, cap="round"))
    if hat == "cap8":   # soft peaked cap of the 1920s-30s peasant army
        it.append(path("M%s,%s L%s,%s L%s,%s L%s,%s Z" % (
            f(x - s * r * 1.0), f(y - r * 0.2), f(x + s * r * 1.0), f(y - r * 0.35), f(x + s * r * 1.3),
            f(y - r * 1.35), f(x - s * r * 1.25), f(y - r * 1.25)), fill, stroke=fill, sw=r * 0.15, join="round"))
        it.append(path("M%s,%s Q%s,%s %s,%s L%s,%s Z" % (f(x + s * r * 0.4), f(y - r * 0.5), f(x + s * r * 1.3),
                                                      f(y - r * 0.5), f(x + s * r * 1.7), f(y - r * 0.15),
                                                      f(x + s * r * 0.6), f(y - r * 0.25)), fill))
        it.append(circle(x + s * r * 0.5, y - r * 0.85, r * 0.22, acc))
    elif hat == "helmet":
        it.append(path("M%s,%s A%s,%s 0 0 1 %s,%s Z" % (
            f(x - r * 1.25), f(y - r * 0.2), f(r * 1.25), f(r * 1.15), f(x + r * 1.25), f(y - r * 0.2)), fill))
        it.append(line(x - r * 1.45, y - r * 0.2, x + r * 1.45, y - r * 0.2, fill, r * 0.3))
    elif hat == "straw":
        it.append(poly([(x - r * 2.3, y - r * 0.25), (x, y - r * 1.75), (x + r * 2.3, y - r * 0.25)], fill,
                       stroke=fill, sw=r * 0.12, join="round"))
    elif hat == "student":
        it.append(path("M%s,%s L%s,%s L%s,%s L%s,%s Z" % (
            f(x - s * r * 1.05), f(y - r * 0.35), f(x + s * r * 1.0), f(y - r * 0.45), f(x + s * r * 1.05),
            f(y - r * 1.25), f(x - s * r * 1.1), f(y - r * 1.2)), fill, stroke=fill, sw=r * 0.2, join="round"))
        it.append(path("M%s,%s Q%s,%s %s,%s L%s,%s Z" % (f(x + s * r * 0.4), f(y - r * 0.55), f(x + s * r * 1.3),
                                                      f(y - r * 0.55), f(x + s * r * 1.65), f(y - r * 0.25),
                                                      f(x + s * r * 0.6), f(y - r * 0.3)), fill))
    elif hat == "miner":
        it.append(path("M%s,%s A%s,%s 0 0 1 %s,%s Z" % (
            f(x - r * 1.15), f(y - r * 0.25), f(r * 1.15), f(r * 1.05), f(x + r * 1.15), f(y - r * 0.25)), fill))
        it.append(line(x - s * r * 1.2, y - r * 0.25, x + s * r * 1.6, y - r * 0.25, fill, r * 0.22))
        it.append(circle(x + s * r * 0.95, y - r * 0.7, r * 0.32, GOLD_L))
    elif hat == "towel":
        it.append(path("M%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s Z" % (
            f(x - r * 1.08), f(y - r * 0.2), f(x), f(y - r * 1.75), f(x + r * 1.08), f(y - r * 0.2),
            f(x + r * 1.0), f(y - r * 0.55), f(x), f(y - r * 1.35), f(x - r * 1.0), f(y - r * 0.55)), light))
    elif hat == "peaked":
        it.append(path("M%s,%s Q%s,%s %s,%s Z" % (f(x - s * r * 1.1), f(y - r * 0.35), f(x), f(y - r * 1.6),
                                                 f(x + s * r * 1.1), f(y - r * 0.45)), fill))
        it.append(poly([(x - r * 1.25, y - r * 1.5), (x + r * 1.25, y - r * 1.5), (x + r * 0.9, y - r * 0.6),
                        (x - r * 0.9, y - r * 0.6)], fill, stroke=fill, sw=r * 0.15, join="round"))
        it.append(line(x + s * r * 0.5, y - r * 0.45, x + s * r * 1.55, y - r * 0.3, fill, r * 0.25))
    return it


def rifle_shape(a, b, h, fill):
    """Rifle from butt a to muzzle b: a tapering wooden stock and a slim barrel."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    L = math.hypot(dx, dy) or 1
    ux, uy = dx / L, dy / L
    nx, ny = -uy, ux
    w0, w1 = h * 0.03, h * 0.014
    k = 0.3
    m = (a[0] + dx * k, a[1] + dy * k)
    stock = poly([(a[0] + nx * w0, a[1] + ny * w0), (a[0] - nx * w0 * 0.8, a[1] - ny * w0 * 0.8),
                  (m[0] - nx * w1, m[1] - ny * w1), (m[0] + nx * w1 * 1.4, m[1] + ny * w1 * 1.4)], fill)
    return [stock, line(m[0], m[1], b[0], b[1], fill, h * 0.013, cap="butt"),
            line(a[0] + dx * 0.28, a[1] + dy * 0.28, a[0] + dx * 0.62, a[1] + dy * 0.62, fill, h * 0.024, cap="butt")]


def flag_cloth(px, py, w, hgt, s, fill, wave=0.12, ph=0.0):
    """Cloth attached to a pole at (px,py) top, streaming to the -s side."""
    d = "M%s,%s" % (f(px), f(py))
    n = 4
    pts_top = []
    pts_bot = []
    for i in range(n + 1):
        t = i / n
        xx = px - s * w * t
        off = math.sin(t * math.pi * 1.6 + ph) * hgt * wave * t
        pts_top.append((xx, py + off + hgt * 0.05 * t))
        pts_bot.append((xx, py + hgt + off - hgt * 0.05 * t))
    d = smooth_d(pts_top) + " L%s,%s " % (f(pts_bot[-1][0]), f(pts_bot[-1][1]))
    d += smooth_d(list(reversed(pts_bot)), move=False) + " Z"
    return path(d, fill)


def flame(x, y, hgt, outer=GOLD, inner=GOLD_L, core=None, lean=0.0):
    w = hgt * 0.42
    d = "M%s,%s C%s,%s %s,%s %s,%s C%s,%s %s,%s %s,%s C%s,%s %s,%s %s,%s Z" % (
        f(x), f(y), f(x - w), f(y - hgt * 0.1), f(x - w * 0.9), f(y - hgt * 0.55), f(x + lean * hgt - w * 0.05),
        f(y - hgt), f(x + w * 0.15), f(y - hgt * 0.7), f(x + w * 0.05), f(y - hgt * 0.62), f(x + w * 0.5),
        f(y - hgt * 0.55), f(x + w * 1.05), f(y - hgt * 0.35), f(x + w * 0.8), f(y - hgt * 0.05), f(x), f(y))
    items = [path(d, outer)]
    if inner:
        items.append(path("M%s,%s C%s,%s %s,%s %s,%s C%s,%s %s,%s %s,%s Z" % (
            f(x), f(y), f(x - w * 0.5), f(y - hgt * 0.08), f(x - w * 0.4), f(y - hgt * 0.35),
            f(x + lean * hgt * 0.5), f(y - hgt * 0.58), f(x + w * 0.5), f(y - hgt * 0.3),
            f(x + w * 0.45), f(y - hgt * 0.05), f(x), f(y)), inner))
    return items


def props(prop, hands, head, sh, hip, h, s, fill, acc, light, ground, Q=None):
    if not prop:
        return []
    if isinstance(prop, (list, tuple)):
        out = []
        for p in prop:
            out += props(p, hands, head, sh, hip, h, s, fill, acc, light, ground, Q)
        return out
    it = []
    Hd = hands[0][2]
    if prop == "flag":
        top = (Hd[0] + s * h * 0.01, Hd[1] - h * 0.8)
        it.append(line(Hd[0], Hd[1] + h * 0.22, top[0], top[1], fill, h * 0.018))
        it.append(flag_cloth(top[0], top[1] + h * 0.01, h * 0.5, h * 0.32, s, acc))
    elif prop == "bigflag":
        top = (Hd[0] + s * h * 0.02, Hd[1] - h * 1.1)
        it.append(line(Hd[0], Hd[1] + h * 0.25, top[0], top[1], fill, h * 0.022))
        it.append(flag_cloth(top[0], top[1] + h * 0.01, h * 0.85, h * 0.5, s, acc, wave=0.16))
    elif prop == "spear":
        bx, by = Hd[0], Hd[1] + h * 0.25
        tx, ty = Hd[0] + s * h * 0.08, Hd[1] - h * 0.85
        it.append(line(bx, by, tx, ty, fill, h * 0.016))
        it.append(poly([(tx - h * 0.02, ty), (tx + s * h * 0.012, ty - h * 0.12), (tx + h * 0.02, ty)], fill))
        it.append(poly([(tx - h * 0.03, ty + h * 0.01), (tx + h * 0.03, ty + h * 0.01), (tx + h * 0.04, ty + h * 0.09),
                        (tx - h * 0.045, ty + h * 0.08)], acc))
    elif prop == "torch":
        tx, ty = Hd[0] + s * h * 0.02, Hd[1] - h * 0.16
        it.append(line(Hd[0], Hd[1] + h * 0.05, tx, ty, fill, h * 0.025))
        it += flame(tx, ty + h * 0.02, h * 0.2, GOLD, GOLD_L, lean=-s * 0.1)
    elif prop == "rifle_back":
        a = (hip[0] - s * h * 0.09, hip[1] + h * 0.02)
        b = (sh[0] - s * h * 0.02, sh[1] - h * 0.28)
        it.append(rifle_shape(a, b, h, fill))
    elif prop == "rifle":
        a = (Hd[0] - s * h * 0.05, Hd[1] + h * 0.12)
        b = (Hd[0] + s * h * 0.16, Hd[1] - h * 0.55)
        it.append(rifle_shape(a, b, h, fill))
    elif prop == "rifle_ground":
        bx = Hd[0] + s * h * 0.01
        it.append(rifle_shape((bx, ground), (bx + s * h * 0.015, ground - h * 0.8), h, fill))
        it.append(circle(Hd[0], Hd[1], h * 0.028, fill))
    elif prop == "hoe":
        a = (sh[0] + s * h * 0.22, sh[1] + h * 0.12)
        b = (sh[0] - s * h * 0.3, sh[1] - h * 0.1)
        it.append(line(a[0], a[1], b[0], b[1], fill, h * 0.02))
        it.append(poly([(b[0], b[1]), (b[0] - s * h * 0.01, b[1] + h * 0.12), (b[0] + s * h * 0.07, b[1] + h * 0.1),
                        (b[0] + s * h * 0.03, b[1] + h * 0.01)], fill))
    elif prop == "pick":
        a = (sh[0] + s * h * 0.2, sh[1] + h * 0.1)
        b = (sh[0] - s * h * 0.22, sh[1] - h * 0.08)
        it.append(line(a[0], a[1], b[0], b[1], fill, h * 0.02))
        it.append(path("M%s,%s Q%s,%s %s,%s" % (f(b[0] - s * h * 0.06), f(b[1] + h * 0.13), f(b[0] - s * h * 0.02),
                                                f(b[1] - h * 0.02), f(b[0] + s * h * 0.08), f(b[1] - h * 0.1)),
                       None, stroke=fill, sw=h * 0.028, cap="round"))
    elif prop == "pick_up":
        tx, ty = Hd[0] + s * h * 0.05, Hd[1] - h * 0.32
        it.append(line(Hd[0], Hd[1] + h * 0.04, tx, ty, fill, h * 0.022))
        it.append(path("M%s,%s Q%s,%s %s,%s" % (f(tx - s * h * 0.12), f(ty + h * 0.05), f(tx), f(ty - h * 0.03),
                                                f(tx + s * h * 0.13), f(ty + h * 0.07)),
                       None, stroke=fill, sw=h * 0.03, cap="round"))
    elif prop == "lamp":
        lx, ly = Hd[0], Hd[1] + h * 0.06
        it.append(line(Hd[0], Hd[1], lx, ly, fill, h * 0.008))
        it.append(rect(lx - h * 0.025, ly, h * 0.05, h * 0.07, fill, rx=h * 0.01))
        it.append(circle(lx, ly + h * 0.035, h * 0.017, GOLD_L))
    elif prop == "lantern":
        lx, ly = Hd[0], Hd[1] + h * 0.04
        it.append(line(Hd[0], Hd[1], lx, ly, fill, h * 0.008))
        it.append(ellipse(lx, ly + h * 0.05, h * 0.04, h * 0.05, acc))
    elif prop == "book":
        it.append(poly([(Hd[0] - s * h * 0.02, Hd[1] - h * 0.05), (Hd[0] + s * h * 0.07, Hd[1] - h * 0.06),
                        (Hd[0] + s * h * 0.075, Hd[1] + h * 0.02), (Hd[0] - s * h * 0.015, Hd[1] + h * 0.03)], light))
    elif prop == "books_side":
        it.append(rect(Hd[0] - h * 0.045, Hd[1] - h * 0.07, h * 0.09, h * 0.06, fill))
    elif prop == "bouquet":
        for k in range(5):
            a = -math.pi / 2 + (k - 2) * 0.35
            it.append(circle(Hd[0] + math.cos(a) * h * 0.04, Hd[1] - h * 0.02 + math.sin(a) * h * 0.04,
                             h * 0.022, acc))
        it.append(line(Hd[0], Hd[1] - h * 0.01, Hd[0], Hd[1] + h * 0.06, GREEN_D, h * 0.015))
    elif prop == "pointer":
        it.append(line(Hd[0], Hd[1], Hd[0] + s * h * 0.18, Hd[1] - h * 0.1, fill, h * 0.012))
    elif prop == "pole_baskets":
        cx, cy = sh[0], sh[1] - h * 0.01
        half = h * 0.36
        it.append(line(cx - half, cy + h * 0.01, cx + half, cy - h * 0.01, fill, h * 0.018))
        for sx in (-1, 1):
            bx = cx + sx * half * 0.92
            it.append(line(bx, cy, bx - h * 0.04, cy + h * 0.33, fill, h * 0.006))
            it.append(line(bx, cy, bx + h * 0.04, cy + h * 0.33, fill, h * 0.006))
            it.append(poly([(bx - h * 0.07, cy + h * 0.33), (bx + h * 0.07, cy + h * 0.33),
                            (bx + h * 0.055, cy + h * 0.45), (bx - h * 0.055, cy + h * 0.45)], fill))
    elif prop == "basket_back":
        pts = [Q(0.3, -0.06), Q(0.3, -0.2), Q(0.08, -0.17), Q(0.06, -0.07)]
        it.append(poly(pts, fill, stroke=fill, sw=h * 0.015, join="round"))
    elif prop == "pistol":
        it.append(poly([(Hd[0], Hd[1] - h * 0.01), (Hd[0] + s * h * 0.08, Hd[1] - h * 0.02),
                        (Hd[0] + s * h * 0.08, Hd[1] + h * 0.01), (Hd[0], Hd[1] + h * 0.03)], fill))
    elif prop == "bag":
        bx, by = hip[0] - s * h * 0.03, hip[1] - h * 0.02
        it.append(line(sh[0] + s * h * 0.04, sh[1], bx - s * h * 0.03, by, fill, h * 0.01))
        it.append(rect(bx - h * 0.055, by, h * 0.1, h * 0.08, fill, rx=h * 0.01))
    return it


def crowd(rng, x0, x1, y, h, n, fill, acc=RED, s=1, hats=(None,), wears=("jacket",), props_=(None,),
          poses=None, walk=False, jitter=0.3, light=PAPER, kids=0.0, spacing=None, hair=(None,)):
    """A row of figures; returns list of (x, items)."""
    out = []
    xs = sorted(rng.uniform(x0, x1) for _ in range(n)) if spacing is None else \
        [x0 + i * spacing + rng.uniform(-0.3, 0.3) * spacing for i in range(n)]
    for x in xs:
        hh = h * rng.uniform(0.92, 1.06)
        kid = rng.random() < kids
        if kid:
            hh *= 0.72
        if walk:
            pose = walk_pose(rng.random(), rng.uniform(16, 24), rng.uniform(3, 8))
        else:
            pose = rng.choice(poses or ["stand"])
        out.append((x, person(x, y + rng.uniform(-jitter, jitter) * h * 0.05, hh, s, pose,
                              rng.choice(wears), None if kid else rng.choice(hats), fill, acc,
                              None if kid else rng.choice(props_), kid=kid, scarf="kid" if kid else None,
                              hair=rng.choice(hair), light=light)))
    return [it for _, it in out]


# --------------------------------------------------------------------------
# composite helpers
# --------------------------------------------------------------------------
def bands(W, y_list, cols):
    """Flat horizontal colour bands (poster sky); y_list are band tops."""
    items = []
    for i, (y, c) in enumerate(zip(y_list, cols)):
        y2 = y_list[i + 1] if i + 1 < len(y_list) else None
        items.append(rect(-2, y, W + 4, (y2 - y + 1) if y2 else 10000, c))
    return items


def village(rng, x0, x1, base, scale, wall=WALL, roof=TILE, cap=TILE_D, n=None, dfill=INK2, rise=0.0):
    """A cluster of southern-Hunan houses between x0 and x1."""
    items = []
    n = n or max(2, int((x1 - x0) / (scale * 1.1)))
    xs = sorted(rng.uniform(x0, x1) for _ in range(n))
    for i, x in enumerate(xs):
        b = base - rng.uniform(0, rise) * scale
        w = scale * rng.uniform(0.8, 1.3)
        hh = scale * rng.uniform(0.48, 0.62)
        if rng.random() < 0.5:
            items.append(gable_house(x, b, w * 0.8, hh, steps=rng.choice([1, 2, 2]), wall=wall, cap=cap,
                                     door_w=None, win=rng.random() < 0.6, dfill=dfill))
        else:
            items.append(front_house(x, b, w, hh * 0.85, wall=wall, roof=roof, windows=rng.choice([0, 2]),
                                     lines=scale > 90, dfill=dfill, win_fill=dfill, hood=scale > 70))
    return items


def guild_hall(cx, base, w, lit=None, wall=WALL, cap=TILE_D, roof=TILE, dark=INK2, banner=None):
    """The Fuqiao Gongsuo guild hall: stepped gable front and lower wings."""
    h = w * 0.42
    items = []
    for s in (-1, 1):
        items.append(front_house(cx + s * w * 0.62, base, w * 0.5, h * 0.62, wall=wall, roof=roof,
                                 windows=0, ends=True, door_w=0.01, hood=False))
        items.append(window(cx + s * w * 0.62 - w * 0.05, base - h * 0.44, w * 0.1, h * 0.14, dark,
                            lattice=mix(wall, dark, 0.3)))
    items.append(stepped_wall(cx, base, w * 0.78, h, steps=3, rise=h * 0.2, wall=wall, cap=cap))
    items.append(rect(cx - w * 0.39, base - h * 0.06, w * 0.78, h * 0.06, STONE))
    # frieze band under the top steps
    items.append(rect(cx - w * 0.28, base - h * 1.02, w * 0.56, h * 0.05, mix(wall, dark, 0.35)))
    for i in range(9):
        items.append(circle(cx - w * 0.25 + w * 0.5 * i / 8, base - h * 0.995, h * 0.012, wall))
    dw = w * 0.13
    items.append(door(cx, base - h * 0.06, dw, h * 0.55, lit or dark, hood=cap, leaves=mix(lit, GOLD, 0.5) if lit else None))
    for s in (-1, 1):
        items.append(window(cx + s * w * 0.2 - w * 0.035, base - h * 0.62, w * 0.07, h * 0.16, lit or dark,
                            lattice=mix(wall, dark, 0.3), frame=STONE))
        items.append(circle(cx + s * w * 0.2, base - h * 0.86, h * 0.05, lit or dark))
    if banner:
        bw = w * 0.42
        y = base - h * 0.8
        items.append(path("M%s,%s L%s,%s L%s,%s Q%s,%s %s,%s Z" % (
            f(cx - bw / 2), f(y), f(cx + bw / 2), f(y), f(cx + bw / 2 - w * 0.01), f(y + h * 0.085),
            f(cx), f(y + h * 0.11), f(cx - bw / 2 + w * 0.01), f(y + h * 0.085)), banner))
    return items


def sparks(rng, x0, x1, y0, y1, n, cols, size):
    items = []
    for _ in range(n):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        r = size * rng.uniform(0.4, 1.0)
        c = rng.choice(cols)
        items.append(poly([(x, y - r), (x + r * 0.35, y), (x, y + r), (x - r * 0.35, y)], c))
    return items


def star(cx, cy, r, fill, rot=-90):
    pts = []
    for i in range(10):
        a = math.radians(rot + 36 * i)
        rr = r if i % 2 == 0 else r * 0.4
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return poly(pts, fill)


def pontoon_bridge(rng, x0, y0, x1, y1, n, boat=INK2, deck=STONE, scale=1.0):
    items = []
    for i in range(n):
        t = (i + 0.5) / n
        x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        L = 120 * scale * (0.6 + 0.4 * t)
        hh = 22 * scale * (0.6 + 0.4 * t)
        items.append(path("M%s,%s L%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s Z" % (
            f(x - L / 2), f(y), f(x + L / 2), f(y), f(x + L * 0.42), f(y + hh), f(x + L * 0.25), f(y + hh),
            f(x - L * 0.25), f(y + hh), f(x - L * 0.42), f(y + hh), f(x - L / 2), f(y)), boat))
    items.append(line(x0, y0 - 4 * scale, x1, y1 - 4 * scale, deck, 9 * scale, cap="butt"))
    return items


def mass_crowd(rng, x0, x1, y0, y1, h0, h1, rows, col0, col1, s=1, density=0.42, flags=0.12, flag_cols=(RED,),
               wears=("jacket",), hats=(None,), props_=(None,), poses=("walk",), light=PAPER, acc=RED,
               bigflags=True, hair=(None,), kids=0.0, flag_rows=None):
    """Dense crowd in depth rows from far (y0,h0,col0) to near (y1,h1,col1)."""
    items = []
    for k in range(rows):
        t = k / max(1, rows - 1)
        y = y0 + (y1 - y0) * t
        h = h0 + (h1 - h0) * t
        col = mix(col0, col1, t)
        x = x0 - rng.uniform(0, h * 0.5)
        while x < x1 + h * 0.3:
            pr = rng.choice(props_)
            fl = rng.random() < flags and (flag_rows is None or k in flag_rows)
            if fl:
                pr = "bigflag" if bigflags else "flag"
            pose = rng.choice(poses)
            if pose == "walk":
                pose = walk_pose(rng.random(), rng.uniform(14, 22), rng.uniform(3, 7))
            if fl:
                pose = "hold"
            kid = rng.random() < kids
            items.append(person(x, y + rng.uniform(-0.03, 0.03) * h, h * rng.uniform(0.92, 1.06) * (0.75 if kid else 1),
                                s, pose, rng.choice(wears), None if kid else rng.choice(hats), col,
                                rng.choice(flag_cols) if fl else acc, pr, light=light, hair=rng.choice(hair),
                                kid=kid, scarf="kid" if kid else None))
            x += h * density * rng.uniform(0.7, 1.3)
    return items


def geese(rng, x, y, n, size, fill, spread=2.2):
    """A skein of wild geese (Hengyang is the 'city of wild geese')."""
    items = []
    for i in range(n):
        side = 1 if i % 2 else -1
        k = (i + 1) // 2
        gx = x - k * size * spread * 0.9 + rng.uniform(-0.2, 0.2) * size
        gy = y + side * k * size * spread * 0.45 + rng.uniform(-0.2, 0.2) * size
        w = size * rng.uniform(0.9, 1.1)
        up = rng.uniform(0.2, 0.6)
        items.append(path("M%s,%s Q%s,%s %s,%s Q%s,%s %s,%s Q%s,%s %s,%s Q%s,%s %s,%s Z" % (
            f(gx - w), f(gy - w * up), f(gx - w * 0.45), f(gy - w * 0.05), f(gx), f(gy + w * 0.12),
            f(gx + w * 0.45), f(gy - w * 0.05), f(gx + w), f(gy - w * up),
            f(gx + w * 0.4), f(gy + w * 0.05), f(gx), f(gy + w * 0.28),
            f(gx - w * 0.4), f(gy + w * 0.05), f(gx - w), f(gy - w * up)), fill))
    return items


def catmull(pts, per=24):
    """Dense points along the Catmull-Rom spline through pts (matches smooth_d with t=1)."""
    out = []
    n = len(pts)
    for i in range(n - 1):
        p0 = pts[i - 1] if i > 0 else pts[i]
        p1, p2 = pts[i], pts[i + 1]
        p3 = pts[i + 2] if i + 2 < n else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        for k in range(per):
            t = k / per
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            out.append((a * p1[0] + b * c1[0] + c * c2[0] + d * p2[0], a * p1[1] + b * c1[1] + c * c2[1] + d * p2[1]))
    out.append(pts[-1])
    return out


def along(dense, u):
    """Point and direction at fraction u (0..1) of the arc length of a dense polyline."""
    segs = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(dense, dense[1:])]
    total = sum(segs)
    target = u * total
    acc = 0.0
    for (a, b), L in zip(zip(dense, dense[1:]), segs):
        if acc + L >= target:
            t = (target - acc) / (L or 1)
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t), (b[0] - a[0], b[1] - a[1])
        acc += L
    a, b = dense[-2], dense[-1]
    return b, (b[0] - a[0], b[1] - a[1])


# --------------------------------------------------------------------------
# scene registry
# --------------------------------------------------------------------------
SIZES = {
    "cover": (1920, 1080, 1920),
    "p32": (1800, 1200, 2700),
    "p43": (1600, 1200, 2800),
    "p34": (1200, 1600, 2400),
    "pano": (4000, 1500, 5600),
    "column": (4500, 1500, 6000),
    "poster": (3000, 2000, 5400),
}
ORDER = ["xiangnan-student-union", "shuikoushan-miners", "yuebei-union", "xia-minghan", "luo-ronghuan",
         "tang-qunying", "wu-ruolan", "xiangnan-uprising", "defence-of-hengyang", "party-history-museum",
         "civilisation-practice", "red-sites"]
REG = {}


def art(ident, name, size):
    def deco(fn):
        REG.setdefault(ident, {})[name] = (fn, size)
        return fn
    return deco


def render_one(ident, name, out_dir, tmp, keep=None):
    fn, size = REG[ident][name]
    W, H, px = SIZES[size]
    rng = random.Random(zlib.crc32(("%s/%s" % (ident, name)).encode()))
    svg = Svg(W, H, PAPER)
    fn(svg, rng, W, H)
    base = "%s_%s" % (ident, name)
    svg_path = os.path.join(tmp, base + ".svg")
    png_path = os.path.join(tmp, base + ".png")
    with open(svg_path, "w", encoding="utf-8") as fh:
        fh.write(svg.text())
    if keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(svg_path, os.path.join(keep, base + ".svg"))
    ph = int(round(px * H / W))
    subprocess.run(["rsvg-convert", "-w", str(px), "-h", str(ph), "-b", PAPER, "-o", png_path, svg_path],
                   check=True)
    os.makedirs(os.path.join(out_dir, ident), exist_ok=True)
    jpg = os.path.join(out_dir, ident, name + ".jpg")
    subprocess.run(["convert", png_path, "-alpha", "off", "-colorspace", "sRGB", "-strip",
                    "-interlace", "none", "-sampling-factor", "2x2,1x1,1x1", "-quality", "85", jpg],
                   check=True)
    os.remove(png_path)
    return jpg


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.normpath(os.path.join(here, "..", "..", "media", "photos"))
    keep = None
    ids = []
    names = ["cover", "1", "2", "3"]
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--out":
            out_dir = argv[i + 1]
            i += 2
            continue
        if a == "--keep-svg":
            keep = argv[i + 1]
            i += 2
            continue
        if a == "--only":
            names = argv[i + 1].split(",")
            i += 2
            continue
        if a in ("-h", "--help"):
            print(__doc__)
            return 0
        ids.append(a)
        i += 1
    for ident in ids:
        if ident not in REG:
            print("unknown exhibit id: %s (known: %s)" % (ident, ", ".join(ORDER)), file=sys.stderr)
            return 2
    ids = ids or ORDER
    for tool in ("rsvg-convert", "convert"):
        if not shutil.which(tool):
            print("missing tool: %s" % tool, file=sys.stderr)
            return 2
    tmp = tempfile.mkdtemp(prefix="xinghuo-art-")
    try:
        for ident in ids:
            for name in names:
                if name in REG[ident]:
                    jpg = render_one(ident, name, out_dir, tmp, keep)
                    print("%s  %d KB" % (jpg, os.path.getsize(jpg) // 1024))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


# ==========================================================================
# scenes
# ==========================================================================
# --- 01 xiangnan-student-union ---------------------------------------------
@art("xiangnan-student-union", "cover", "cover")
def s_union_cover(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER2))
    svg.add(sun(1470, 330, 235, RED, (RED, 3, 34, 4)))
    svg.add(cloud(930, 230, 330, PAPER, mix(PAPER2, GOLD, 0.55), rng))
    svg.add(geese(rng, 520, 200, 7, 16, mix(INK2, PAPER2, 0.25)))
    svg.add(cloud(1820, 610, 260, PAPER, mix(PAPER2, GOLD, 0.55), rng))
    it, _ = hill(rng, -50, W + 50, 720, 170, GREEN_LL, H, n=6)
    svg.add(it)
    svg.add(village(rng, 760, 1900, 790, 70, wall=mix(WALL, GREEN_LL, 0.25), roof=mix(TILE, GREEN_LL, 0.3),
                    cap=mix(TILE_D, GREEN_LL, 0.3), n=10))
    svg.add(rect(0, 855, W, 60, STONE))
    svg.add(line(0, 858, W, 858, mix(STONE, INK2, 0.3), 4))
    svg.add(guild_hall(1380, 858, 760))
    for x in (1020, 1750):
        svg.add(pine(x, 858, 240, GREEN_D, rng, light=GREEN))
    people = []
    for i, x in enumerate([1120, 1175, 1235, 1530, 1590, 1655]):
        s = 1 if x < 1380 else -1
        people.append(person(x, 858, 118, s, walk_pose(i * 0.23, 16, 4) if i % 3 else "stand", "gown",
                             "student" if i % 2 else None, INK, RED, "flag" if i in (2, 4) else None))
    svg.add(people)
    svg.add(rect(0, 912, W, H - 912, GREEN_L))
    svg.add(water_lines(rng, 700, W, 945, 1060, mix(GREEN_L, PAPER, 0.35), 4, rows=4, dash=(40, 130)))
    svg.add(water_lines(rng, 0, 700, 960, 1040, mix(GREEN_L, PAPER, 0.2), 3, rows=2, dash=(60, 160)))


@art("xiangnan-student-union", "1", "p32")
def s_union_1(svg, rng, W, H):
    svg.add(bands(W, [0, 330, 560], [mix(GOLD_L, PAPER, 0.15), mix(GOLD_L, PAPER, 0.45), PAPER]))
    svg.add(sun(380, 380, 120, mix(GOLD, RED, 0.15)))
    it, _ = hill(rng, -50, W + 50, 640, 160, GREEN_LL, H, n=6)
    svg.add(it)
    svg.add(village(rng, -40, 420, 700, 80, wall=mix(WALL, GREEN_LL, 0.2), n=4))
    svg.add(village(rng, 1420, 1850, 700, 80, wall=mix(WALL, GREEN_LL, 0.2), n=4))
    svg.add(rect(0, 800, W, 80, STONE))
    svg.add(line(0, 804, W, 804, mix(STONE, INK2, 0.3), 4))
    svg.add(guild_hall(900, 804, 980, lit=GOLD_L, banner=RED))
    for x in (500, 620, 1180, 1300):
        svg.add(line(x, 612, x, 640, INK2, 2))
        svg.add(ellipse(x, 660, 18, 24, RED))
        svg.add(rect(x - 8, 682, 16, 6, GOLD))
    ppl = []
    xs = [420, 490, 560, 700, 770, 1040, 1110, 1240, 1320, 1400]
    for i, x in enumerate(xs):
        s = 1 if x < 900 else -1
        ppl.append(person(x, 806 + (i % 3) * 10, 150, s, walk_pose(i * 0.31, 15, 4) if i % 2 else "stand",
                          "gown", "student" if i % 3 == 0 else None, INK, RED, "books_side" if i % 4 == 1 else None,
                          scarf="long" if i == 4 else None, light=PAPER))
    svg.add(ppl)
    svg.add(rect(0, 880, W, H - 880, GREEN_L))
    svg.add(water_lines(rng, 0, W, 910, 1180, mix(GREEN_L, PAPER, 0.3), 4, rows=7, dash=(40, 140)))
    svg.add(pontoon_bridge(rng, 1780, 1210, 1000, 870, 9, scale=1.4))
    for i, t in enumerate([0.25, 0.45, 0.62]):
        x, y = 1780 + (1000 - 1780) * t, 1210 + (870 - 1210) * t - 8
        svg.add(person(x, y, 120 * (1.2 - 0.5 * t), -1, walk_pose(i * 0.37, 15, 4), "gown",
                       "student" if i == 1 else None, INK, RED, None))


@art("xiangnan-student-union", "2", "p32")
def s_union_2(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, RED_D))
    svg.add(rays(1240, 700, 36, 2200, mix(RED_D, RED, 0.45)))
    svg.add(sun(1240, 700, 150, GOLD_L, (GOLD, 2, 30, 5)))
    svg.add(village(rng, -40, W + 40, 720, 62, wall=mix(RED_D, INK, 0.3), roof=mix(RED_D, INK, 0.5),
                    cap=mix(RED_D, INK, 0.5), dfill=mix(RED_D, INK, 0.6), n=24))
    svg.add(rect(0, 718, W, H, mix(RED_D, INK, 0.4)))
    svg.add(mass_crowd(rng, -40, W + 40, 760, 1060, 62, 200, 7, mix(INK, RED_D, 0.55), INK, s=1,
                       density=0.3, flags=0.1, flag_cols=(GOLD_L, PAPER, GOLD), wears=("gown", "gown", "jacket"),
                       hats=(None, None, "student"), props_=(None,) * 7 + ("torch",),
                       poses=("walk", "walk", "walk", "fist"), light=RED_D, acc=GOLD_L, flag_rows=(0, 1, 2, 3, 4)))
    # long plain banner carried above the middle of the column
    bx, by = 360, 700
    col = mix(INK, RED_D, 0.3)
    svg.add(line(bx, by + 170, bx, by - 20, col, 6), line(bx + 560, by + 170, bx + 560, by - 20, col, 6))
    svg.add(path("M%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s Z" % (
        bx, by - 10, bx + 280, by + 6, bx + 560, by - 10, bx + 560, by + 60, bx + 280, by + 76, bx, by + 60), PAPER))
    svg.add(rect(0, 1150, W, 60, INK))
    svg.add(sparks(rng, 200, W - 200, 120, 520, 26, [GOLD, GOLD_L], 15))


@art("xiangnan-student-union", "3", "p32")
def s_union_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER))
    svg.add(sun(330, 230, 95, GOLD_L))
    svg.add(cloud(620, 170, 300, PAPER2, mix(PAPER2, GOLD, 0.5), rng))
    svg.add(cloud(1560, 140, 240, PAPER2, mix(PAPER2, GOLD, 0.5), rng))
    it, _ = hill(rng, -50, W + 50, 640, 150, GREEN_LL, H, n=5)
    svg.add(it)
    svg.add(rect(0, 752, W, H, PAPER2))
    svg.add(guild_hall(1200, 760, 760))
    for i, x in enumerate((620, 780, 940, 1460, 1620, 1780)):
        svg.add(line(x, 800, x, 650, INK2, 5))
        svg.add(flag_cloth(x, 653, 64, 40, -1, RED, ph=i))
    for i in range(5):
        y = 850 + i * 75
        svg.add(line(0, y, W, y, mix(PAPER2, STONE, 0.35), 2))
    svg.add(round_tree(210, 900, 640, [GREEN, GREEN_L, GREEN_D], rng, spread=1.05))
    # storytelling stage
    svg.add(rect(150, 985, 420, 70, RED_D), rect(140, 975, 440, 16, RED))
    svg.add(line(420, 975, 420, 860, INK2, 4), circle(420, 856, 7, INK2))
    svg.add(person(345, 975, 230, 1, "speak", "jacket", None, INK, RED, None, kid=True, scarf="kid", hair="bob"))
    for r, (y, hh) in enumerate([(1000, 175), (1085, 190), (1175, 205)]):
        x = 720 + r * 50 + rng.uniform(0, 30)
        while x < 1760:
            col = mix(INK2, PAPER2, 0.14 * (2 - r))
            svg.add(person(x, y + rng.uniform(-8, 8), hh * rng.uniform(0.92, 1.05), -1, "sit_ground", "jacket", None,
                           col, RED, None, kid=True, scarf="kid", hair=rng.choice([None, "bob", "bun"]), light=PAPER2))
            x += hh * rng.uniform(0.55, 0.75)


# --- 02 shuikoushan-miners ---------------------------------------------------
def tunnel(x0, x1, y, h, fill, rng):
    pts = []
    n = max(6, int((x1 - x0) / 60))
    for i in range(n + 1):
        pts.append((x0 + (x1 - x0) * i / n, y - h / 2 + rng.uniform(-0.06, 0.06) * h))
    for i in range(n, -1, -1):
        pts.append((x0 + (x1 - x0) * i / n, y + h / 2 + rng.uniform(-0.04, 0.04) * h))
    return path(smooth_d(pts, closed=True, t=0.5), fill)


def props_timber(x0, x1, y, h, col, step):
    items = []
    x = x0 + step * 0.5
    while x < x1:
        items.append(rect(x - 6, y - h * 0.45, 12, h * 0.9, col))
        items.append(rect(x - step * 0.18, y - h * 0.5, step * 0.36, 12, col))
        x += step
    return items


def mine_cart(x, y, w, fill):
    return [poly([(x - w / 2, y - w * 0.5), (x + w / 2, y - w * 0.5), (x + w * 0.4, y - w * 0.12),
                  (x - w * 0.4, y - w * 0.12)], fill),
            circle(x - w * 0.25, y - w * 0.1, w * 0.1, fill), circle(x + w * 0.25, y - w * 0.1, w * 0.1, fill)]


def opera_stage(cx, base, w, roof=TILE_D, post=RED_D, dark=INK2):
    """The Kangjia opera stage (康家戏台): raised stone base, open stage, upturned eaves."""
    k = w / 500.0
    items = [rect(cx - 250 * k, base - 190 * k, 500 * k, 190 * k, STONE)]
    for i in range(1, 4):
        items.append(line(cx - 250 * k, base - (190 - i * 47) * k, cx + 250 * k, base - (190 - i * 47) * k,
                          mix(STONE, INK2, 0.25), 3 * k))
    items.append(rect(cx - 265 * k, base - 205 * k, 530 * k, 18 * k, mix(STONE, INK2, 0.45)))
    items.append(rect(cx - 230 * k, base - 430 * k, 460 * k, 225 * k, dark))
    items.append(rect(cx - 150 * k, base - 410 * k, 300 * k, 190 * k, mix(RED_D, dark, 0.3)))
    items.append(columns([cx - 225 * k, cx + 225 * k], base - 440 * k, base - 205 * k, 26 * k, post))
    items.append(rect(cx - 250 * k, base - 470 * k, 500 * k, 40 * k, GOLD))
    for i in range(12):
        items.append(circle(cx - 225 * k + i * 41 * k, base - 450 * k, 9 * k, mix(GOLD, RED_D, 0.5)))
    items.append(cn_roof(cx, base - 470 * k, 640 * k, 160 * k, roof, flick=0.55))
    return items


@art("shuikoushan-miners", "cover", "cover")
def s_miners_cover(svg, rng, W, H):
    svg.add(bands(W, [0, 300, 470, 580], [INK2, mix(INK2, RED_D, 0.15), mix(INK2, RED_D, 0.3), mix(INK2, RED_D, 0.45)]))
    svg.add(sun(1330, 560, 300, GOLD, (GOLD, 2, 36, 5)))
    svg.add(geese(rng, 520, 240, 5, 20, mix(INK2, RED_D, 0.5)))
    it, _ = hill(rng, -50, W + 50, 700, 220, mix(GREEN_D, INK, 0.35), H, n=6)
    svg.add(it)
    svg.add(headframe(1330, 800, 560, INK, rng=rng))
    svg.add(headframe(1760, 830, 330, INK2, rng=rng))
    it, r = hill(rng, -50, W + 50, 860, 80, INK, H, n=4)
    svg.add(it)
    # the adit: a dark arch in the hillside with a warm glow
    svg.add(path("M980,905 L980,850 A55,55 0 0 1 1090,850 L1090,905 Z", GOLD_L))
    svg.add(path("M995,905 L995,855 A40,40 0 0 1 1075,855 L1075,905 Z", mix(GOLD, RED_D, 0.3)))
    xs = [700, 770, 845, 915]
    for i, x in enumerate(xs):
        svg.add(person(x, r.y(x) + 60, 96, 1, walk_pose(i * 0.27, 16, 10), "jacket", "miner", INK, RED,
                       "lamp" if i % 2 else "pick", light=GREEN_D))


@art("shuikoushan-miners", "1", "p43")
def s_miners_1(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER2))
    svg.add(sun(250, 150, 70, GOLD_L))
    it, _ = hill(rng, -50, W + 50, 380, 160, GREEN_LL, H, n=5)
    svg.add(it)
    it, ground = hill(rng, -50, W + 50, 440, 60, GREEN, H, n=4)
    svg.add(it)
    strata = [(440, mix(INK2, RED_D, 0.25)), (600, mix(INK2, GOLD, 0.12)), (800, INK2),
              (980, mix(INK2, RED_D, 0.18))]
    for i, (y, c) in enumerate(strata):
        pts = [(x, y + 25 * math.sin(x / 230 + i) + (ground.y(x) - 440 if i == 0 else 0)) for x in range(-40, W + 80, 80)]
        svg.add(path(smooth_d(pts) + " L%s,%s L-40,%s Z" % (W + 80, H + 10, H + 10), c))
    for i in range(9):
        x0 = rng.uniform(0, W)
        y0 = rng.uniform(560, 1150)
        pts = [(x0 + k * 70, y0 + 20 * math.sin(k + i) + k * 6) for k in range(rng.randint(3, 6))]
        svg.add(path(smooth_d(pts), None, stroke=mix(GOLD, INK2, 0.35), sw=8, cap="round"))
    lit = mix(GOLD_L, PAPER2, 0.25)
    wood = mix(GOLD, INK2, 0.55)
    shaft_x = 1080
    svg.add(rect(shaft_x - 45, ground.y(shaft_x) - 5, 90, 1080 - ground.y(shaft_x), lit))
    for y in range(520, 1060, 70):
        svg.add(rect(shaft_x - 45, y, 90, 8, wood))
    svg.add(line(shaft_x, ground.y(shaft_x), shaft_x, 820, INK2, 3))
    svg.add(rect(shaft_x - 28, 820, 56, 60, INK2))
    svg.add(tunnel(160, shaft_x, 690, 150, lit, rng))
    svg.add(tunnel(480, 1500, 990, 150, lit, rng))
    svg.add(props_timber(200, shaft_x - 60, 690, 150, wood, 210))
    svg.add(props_timber(520, 1470, 990, 150, wood, 230))
    svg.add(rect(160, 754, shaft_x - 160, 10, mix(wood, INK2, 0.3)))
    svg.add(mine_cart(820, 762, 110, INK))
    svg.add(person(720, 762, 120, 1, dict(lean=40, arms=[(75, 85), (70, 82)], legs=[(30, 15), (-20, -30)]),
                   "jacket", "miner", INK, RED, None, light=lit))
    svg.add(person(430, 762, 120, 1, "bend", "jacket", "miner", INK, RED, "basket_back", light=lit))
    svg.add(person(280, 762, 118, 1, "bend", "jacket", "miner", INK, RED, "basket_back", light=lit))
    svg.add(person(1360, 1062, 120, 1, dict(lean=12, arms=[(140, 160), (125, 150)], legs=[(80, 0), (8, -92)]),
                   "jacket", "miner", INK, RED, "pick_up", light=lit))
    svg.add(person(1180, 1062, 118, -1, "bend", "jacket", "miner", INK, RED, "basket_back", light=lit))
    svg.add(person(900, 1062, 120, 1, walk_pose(0.3, 14, 8), "jacket", "miner", INK, RED, "lamp", light=lit))
    for x, y in ((300, 630), (640, 630), (900, 930), (1250, 930)):
        svg.add(line(x, y - 15, x, y, INK2, 2), circle(x, y + 8, 9, GOLD))
    svg.add(headframe(shaft_x, ground.y(shaft_x), 300, INK, rng=rng))
    svg.add(village(rng, 150, 600, ground.y(400) + 10, 70, n=4))


@art("shuikoushan-miners", "2", "p32")
def s_miners_2(svg, rng, W, H):
    svg.add(bands(W, [0, 420, 640], [mix(GOLD_L, PAPER, 0.1), mix(GOLD_L, PAPER, 0.45), PAPER]))
    svg.add(rays(600, 560, 28, 1800, mix(GOLD_L, PAPER, 0.35), op=0.55))
    it, _ = hill(rng, -50, W + 50, 620, 170, GREEN_LL, H, n=5)
    svg.add(it)
    svg.add(headframe(1480, 640, 260, mix(GREEN_D, PAPER, 0.35), rng=rng))
    svg.add(rect(0, 780, W, H, PAPER2))
    # side houses of the Kang family compound
    svg.add(gable_house(150, 780, 300, 240, steps=2))
    svg.add(gable_house(1060, 780, 260, 220, steps=2))
    # the opera stage
    cx, base = 600, 800
    svg.add(opera_stage(cx, base, 500))
    svg.add(person(cx + 20, base - 205, 130, 1, "fist", "jacket", "miner", INK, RED, None, light=INK2))
    svg.add(person(cx - 110, base - 205, 124, 1, "hold", "jacket", None, INK, RED, "bigflag", light=INK2))
    # miners gathering in front of the stage, facing it
    svg.add(mass_crowd(rng, 880, W + 40, 840, 1200, 100, 270, 5, mix(INK, PAPER2, 0.35), INK, s=-1,
                       density=0.25, flags=0.05, hats=("miner", "miner", None, "towel"),
                       poses=("stand", "stand", "attention", "fist"), props_=(None, None, "pick"), light=PAPER2,
                       acc=RED, bigflags=False))
    svg.add(mass_crowd(rng, 60, 880, 930, 1200, 140, 260, 3, mix(INK, PAPER2, 0.3), INK, s=1,
                       density=0.26, flags=0.04, hats=("miner", None, "towel"), poses=("stand", "attention", "fist"),
                       props_=(None,), light=PAPER2, acc=RED, bigflags=False))


@art("shuikoushan-miners", "3", "p34")
def s_miners_3(svg, rng, W, H):
    svg.add(bands(W, [0, 500, 760], [mix(RED_D, RED, 0.3), mix(RED, GOLD, 0.35), mix(GOLD_L, PAPER, 0.3)]))
    svg.add(sun(820, 520, 150, GOLD_L))
    peaks = [(200, 330, 260), (560, 420, 300), (980, 360, 260)]
    it, _ = hill(rng, -50, W + 50, 760, 420, mix(GREEN, RED_D, 0.25), H, kind="peak", peaks=[(p[0], p[1], p[2]) for p in peaks])
    svg.add(it)
    it, _ = hill(rng, -50, W + 50, 900, 300, mix(GREEN_D, RED_D, 0.15), H, kind="peak", n=4, wmin=0.2, wmax=0.4)
    svg.add(it)
    it, _ = hill(rng, -50, W + 50, 1120, 260, GREEN_D, H, n=4)
    svg.add(it)
    # zig-zag path up the mountain with the column of miners
    pts = [(1000, 1600), (260, 1430), (980, 1230), (300, 1060), (820, 900), (560, 790)]
    svg.add(path(smooth_d(pts), None, stroke=mix(GOLD_L, PAPER, 0.2), sw=34, cap="round"))
    dense = catmull(pts)
    n = 30
    for i in range(n):
        u = 1 - (i + 0.5) / n
        (x, y), (dx, dy) = along(dense, u)
        hh = 30 + (y - 760) / 840 * 150
        s = 1 if dx > 0 else -1
        pr = "flag" if i % 5 == 2 else ("lamp" if i % 2 else "rifle_back")
        svg.add(person(x, y + 6, hh, s, walk_pose(rng.random(), 18, 10), "jacket",
                       rng.choice(["miner", "cap8"]), INK, RED, pr, light=GREEN_D))
    svg.add(pine(90, 1620, 460, INK, rng, light=INK2))
    svg.add(pine(1150, 1640, 380, INK, rng, light=INK2))


# --- 03 yuebei-union ------------------------------------------------------------
def temple(cx, base, w, wall=WALL, roof=TILE_D, post=RED_D):
    h = w * 0.35
    return [rect(cx - w * 0.4, base - h, w * 0.8, h, wall), rect(cx - w * 0.12, base - h * 0.75, w * 0.24, h * 0.75, post),
            cn_roof(cx, base - h, w * 1.1, w * 0.32, roof, flick=0.5, shadow=None),
            rect(cx - w * 0.45, base - h * 0.1, w * 0.9, h * 0.1, STONE)]


def heng_peaks(rng, W, base, cols, temple_at=None, scale=1.0):
    """Mount Heng (南岳): layered peaks, optional hall on the main summit."""
    items = []
    layers = []
    for i, col in enumerate(cols):
        pk = [(rng.uniform(-0.1, 1.1) * W, rng.uniform(0.5, 1.0) * 340 * scale * (1 - 0.22 * i),
               rng.uniform(0.12, 0.22) * W) for _ in range(5)]
        if i == 0 and temple_at:
            pk.append((temple_at, 400 * scale, 0.2 * W))
        it, r = hill(rng, -50, W + 50, base + i * 90 * scale, 400 * scale, col, base + 2000, kind="peak", peaks=pk,
                     steps=90)
        items.append(it)
        layers.append(r)
        if i == 0 and temple_at:
            ty = r.y(temple_at)
            items.append(temple(temple_at, ty + 6 * scale, 110 * scale))
    return items, layers


@art("yuebei-union", "cover", "cover")
def s_yuebei_cover(svg, rng, W, H):
    svg.add(bands(W, [0, 260, 470], [mix(GOLD_L, PAPER, 0.35), mix(GOLD_L, PAPER, 0.6), PAPER]))
    svg.add(sun(560, 250, 95, mix(GOLD, RED, 0.25)))
    it, layers = heng_peaks(rng, W, 640, [mix(GREEN_LL, PAPER, 0.25), GREEN_LL, GREEN_L], temple_at=1330)
    svg.add(it)
    svg.add(cloud(980, 620, 360, PAPER, mix(GREEN_LL, PAPER, 0.3), rng))
    svg.add(cloud(1720, 700, 300, PAPER, mix(GREEN_LL, PAPER, 0.3), rng))
    svg.add(terraces(rng, -100, W + 100, 800, 1100, 7, [mix(GREEN_L, PAPER, 0.2), mix(GREEN_LL, PAPER, 0.25)],
                     mix(PAPER, GREEN_LL, 0.2), 4, bend=0.18, cx=400))
    pts = [(1180, 905), (1260, 895), (1345, 890), (1420, 888)]
    for i, (x, y) in enumerate(pts):
        svg.add(person(x, y, 130, 1, walk_pose(i * 0.3, 16, 6) if i != 2 else "hold", "jacket",
                       "straw" if i != 2 else "towel", INK, RED, "hoe" if i != 2 else "bigflag", light=GREEN_L))
    svg.add(geese(rng, 800, 180, 5, 16, mix(INK2, PAPER, 0.35)))


@art("yuebei-union", "1", "p32")
def s_yuebei_1(svg, rng, W, H):
    svg.add(bands(W, [0, 380], [mix(GREEN_LL, PAPER, 0.15), mix(GREEN_LL, PAPER, 0.45)]))
    svg.add(sun(1450, 220, 80, PAPER))
    it, layers = heng_peaks(rng, W, 560, [mix(GREEN_L, PAPER, 0.25), GREEN_L], temple_at=650)
    svg.add(it)
    svg.add(rect(0, 780, W, H, mix(GREEN, PAPER, 0.2)))
    svg.add(round_tree(1560, 800, 520, [GREEN, GREEN_L, GREEN_D], rng))
    svg.add(gable_house(330, 790, 300, 230, steps=2))
    svg.add(stepped_wall(900, 800, 560, 300, steps=2, rise=80))
    svg.add(rect(620, 780, 560, 20, STONE))
    svg.add(door(900, 780, 110, 190, mix(GOLD, RED_D, 0.25), hood=TILE_D))
    svg.add(line(1170, 800, 1170, 420, INK2, 6), flag_cloth(1170, 425, 150, 95, -1, RED))
    for x in (760, 1040):
        svg.add(line(x, 560, x, 585, INK2, 2), ellipse(x, 605, 18, 24, RED), rect(x - 8, 626, 16, 6, GOLD))
    kw = dict(flags=0.0, hats=("straw", "towel", None, "straw"), wears=("jacket",), poses=("stand", "stand", "fist"),
              props_=(None, "hoe", None, "lantern"), light=GREEN, acc=RED)
    svg.add(mass_crowd(rng, -40, 700, 900, 1170, 140, 240, 3, mix(INK, GREEN, 0.4), INK, s=1, density=0.36, **kw))
    svg.add(mass_crowd(rng, 1120, W + 40, 900, 1170, 140, 240, 3, mix(INK, GREEN, 0.4), INK, s=-1, density=0.36, **kw))
    svg.add(person(900, 800, 190, 1, "speak", "gown", None, INK, RED, None, light=GREEN, front=True,
                   arms=[(30, 40), (150, 165)]))


@art("yuebei-union", "2", "p32")
def s_yuebei_2(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER2))
    svg.add(sun(900, 560, 260, GOLD_L, (GOLD, 3, 28, 4)))
    it, _ = hill(rng, -50, W + 50, 700, 140, GREEN_LL, H, n=5)
    svg.add(it)
    svg.add(headframe(200, 760, 220, mix(GREEN_D, PAPER2, 0.3), rng=rng))
    svg.add(terraces(rng, 1100, W + 60, 700, 880, 5, [GREEN_L, mix(GREEN_L, PAPER, 0.35)], PAPER, 3, bend=0.3, cx=1800))
    it, g = hill(rng, -50, W + 50, 1010, 120, GREEN, H, peaks=[(900, 140, 520)], contour=(mix(GREEN, PAPER, 0.15), 4, 40, 4))
    svg.add(it)
    svg.add(line(900, g.y(900) + 4, 900, 390, INK, 10), flag_cloth(900, 395, 330, 200, -1, RED, wave=0.1))
    for i in range(6):
        x = 180 + i * 105
        svg.add(person(x, g.y(x) + 25 + i * 2, 170 + i * 12, 1, walk_pose(i * 0.21, 18, 6), "jacket", "miner",
                       INK, RED, "pick" if i % 2 else "lamp", light=GREEN))
    for i in range(6):
        x = 1620 - i * 105
        svg.add(person(x, g.y(x) + 25 + i * 2, 170 + i * 12, -1, walk_pose(i * 0.27, 18, 6), "jacket",
                       "straw", INK, RED, "hoe", light=GREEN))
    svg.add(person(850, g.y(850) + 36, 250, 1, "reach", "jacket", "miner", INK, RED, None, light=GREEN,
                   arms=[(70, 82), (-6, -2)]))
    svg.add(person(952, g.y(952) + 36, 250, -1, "reach", "jacket", "straw", INK, RED, None, light=GREEN,
                   arms=[(70, 82), (-6, -2)]))


@art("yuebei-union", "3", "p43")
def s_yuebei_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(GOLD_L, PAPER, 0.55)))
    svg.add(sun(1180, 210, 120, RED, (RED, 2, 26, 3)))
    it, layers = heng_peaks(rng, W, 430, [mix(GREEN_L, PAPER, 0.2), GREEN_L], scale=0.8)
    svg.add(it)
    svg.add(terraces(rng, -60, W + 60, 560, 1210, 10, [GOLD_L, mix(GOLD_L, GOLD, 0.55), GOLD],
                     mix(GOLD, INK2, 0.25), 4, bend=0.22, cx=700))
    # the spring high up, becoming a river through the fields
    river = [(640, 470), (680, 560), (630, 700), (740, 860), (640, 1010), (720, 1260)]
    svg.add(stream(river, 14, 150, PAPER, edge=mix(PAPER, GREEN_LL, 0.5), edge_w=8))
    svg.add(circle(640, 470, 18, PAPER))
    for i, (x, y) in enumerate([(260, 900), (330, 905), (1100, 760), (1180, 770), (1300, 1010)]):
        svg.add(person(x, y, 120 + (y - 760) * 0.3, 1 if i % 2 else -1, "bend", "jacket", "straw", INK, RED, None,
                       light=GOLD))
    for x, y in ((420, 1010), (470, 1030), (1000, 920), (1400, 1120), (150, 1100)):
        svg.add(sheaf(x, y, 70, mix(GOLD, INK2, 0.35)))


def sheaf(x, y, h, col):
    items = []
    for k in range(-3, 4):
        items.append(line(x, y, x + k * h * 0.09, y - h, col, h * 0.05))
    items.append(line(x - h * 0.12, y - h * 0.45, x + h * 0.12, y - h * 0.45, col, h * 0.08))
    return items


# --- 04 xia-minghan ----------------------------------------------------------------
@art("xia-minghan", "cover", "cover")
def s_xia_cover(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, RED_D))
    moon = mix(PAPER, GOLD_L, 0.35)
    svg.add(sun(1330, 430, 300, moon, (mix(RED_D, GOLD_L, 0.35), 3, 40, 3)))
    svg.add(geese(rng, 760, 260, 7, 22, mix(RED_D, INK, 0.45)))
    # rock outcrop
    rock = [(980, H + 10), (1040, 900), (1120, 850), (1260, 835), (1420, 800), (1560, 820), (1700, 770),
            (1860, 790), (1960, 760), (1960, H + 10)]
    svg.add(path(poly_d(rock), mix(RED_D, INK, 0.55)))
    svg.add(path(poly_d([(1180, H + 10), (1300, 930), (1500, 905), (1700, 930), (1960, 880), (1960, H + 10)]),
                 mix(RED_D, INK, 0.75)))
    svg.add(person(1230, 842, 400, -1, "stand", "gown", None, INK, RED, None, scarf="long", light=RED_D,
                   arms=[(4, 2), (-8, 40)]))
    # pine at the right edge
    rr = random.Random(11)
    svg.add(pine(1975, 1120, 900, INK, rr, tiers=4, lean=-0.02, light=INK2))


@art("xia-minghan", "1", "p34")
def s_xia_1(svg, rng, W, H):
    svg.add(bands(W, [0, 420, 640], [mix(GOLD_L, PAPER, 0.1), mix(GOLD_L, PAPER, 0.4), mix(GOLD_L, PAPER, 0.7)]))
    svg.add(sun(820, 470, 110, mix(GOLD, RED, 0.3)))
    svg.add(geese(rng, 520, 230, 9, 20, mix(INK2, GOLD_L, 0.3)))
    it, r = hill(rng, -50, W + 50, 700, 160, GREEN_LL, H, peaks=[(250, 170, 260), (700, 90, 300), (1050, 130, 200)])
    svg.add(it)
    # pagoda on the wild-goose peak
    px, py = 250, r.y(250) + 4
    for k in range(5):
        w = 70 - k * 9
        svg.add(rect(px - w * 0.32, py - 34 * (k + 1), w * 0.64, 34, WALL))
        svg.add(cn_roof(px, py - 34 * k - 24, w, 16, TILE_D, flick=0.5, shadow=None, ornament=False))
    svg.add(poly([(px - 8, py - 34 * 5 + 4), (px, py - 34 * 5 - 36), (px + 8, py - 34 * 5 + 4)], TILE_D))
    svg.add(village(rng, 380, 1240, 800, 64, wall=mix(WALL, GREEN_LL, 0.2), n=12))
    svg.add(rect(0, 790, W, H, GREEN_L))
    svg.add(stream([(-50, 900), (400, 860), (900, 900), (1300, 880)], 110, 160, mix(GREEN_LL, PAPER, 0.35)))
    svg.add(water_lines(rng, 0, W, 850, 930, PAPER, 3, rows=3, dash=(30, 90)))
    it, bank = hill(rng, -50, W + 50, 1180, 140, GREEN, H, peaks=[(900, 160, 500), (200, 60, 300)])
    svg.add(it)
    svg.add(rect(0, 1300, W, H, GREEN_D))
    svg.add(rect(0, 1380, W, 40, mix(GREEN_D, PAPER2, 0.25)))
    svg.add(person(640, 1395, 430, 1, walk_pose(0.15, 14, 3), "gown", None, INK, PAPER, "books_side",
                   scarf="long", light=GREEN))
    for x in (90, 1120):
        svg.add(bamboo(x, 1600, 700, GREEN_D, rng, n=4))


@art("xia-minghan", "2", "p43")
def s_xia_2(svg, rng, W, H):
    wall = mix(INK2, PAPER2, 0.12)
    svg.add(rect(0, 0, W, H, wall))
    for r in range(1, 12):
        y = r * 72
        svg.add(line(0, y, W, y, mix(wall, INK, 0.35), 3))
        off = 0 if r % 2 else 60
        for x in range(off, W, 120):
            svg.add(line(x, y, x, y + 72, mix(wall, INK, 0.35), 3))
    # barred window with moonlight
    wx, wy, ww, wh = 980, 150, 300, 220
    light = mix(PAPER2, GOLD_L, 0.25)
    svg.add(poly([(wx, wy), (wx + ww, wy), (wx + ww - 260, 1200), (wx - 640, 1200)], light, op=0.16))
    svg.add(rect(wx - 16, wy - 16, ww + 32, wh + 32, mix(wall, INK, 0.5)))
    svg.add(rect(wx, wy, ww, wh, mix(INK2, RED_D, 0.25)))
    svg.add(circle(wx + 200, wy + 80, 46, PAPER))
    for i in range(1, 5):
        x = wx + ww * i / 5
        svg.add(line(x, wy, x, wy + wh, INK, 12, cap="butt"))
    # table
    top = mix(GOLD, INK2, 0.55)
    svg.add(rect(120, 820, 1360, 40, top), rect(120, 860, 1360, 22, mix(top, INK, 0.35)))
    svg.add(rect(180, 880, 46, 330, mix(top, INK, 0.35)), rect(1380, 880, 46, 330, mix(top, INK, 0.35)))
    # shadow of bars on the table top
    for i in range(1, 5):
        x = 560 + i * 90
        svg.add(poly([(x, 820), (x + 26, 820), (x - 14, 860), (x - 40, 860)], mix(top, INK, 0.2)))
    paper = mix(PAPER, WALL, 0.5)

    def letter(cx, cy, w, h, rot):
        return group([rect(-w / 2 + 12, -h / 2 + 26, w, h, mix(top, INK, 0.45)),
                      rect(-w / 2, -h / 2, w, h, paper, stroke=mix(PAPER2, INK2, 0.3), sw=4),
                      poly([(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, -h / 2 + h * 0.36), (-w / 2, -h / 2 + h * 0.36)],
                           mix(paper, PAPER2, 0.6)),
                      line(-w / 2, -h / 2 + h * 0.36, w / 2, -h / 2 + h * 0.36, mix(PAPER2, INK2, 0.2), 3)],
                     transform="translate(%s,%s) rotate(%s) scale(1,0.42)" % (f(cx), f(cy), f(rot)))
    svg.add(letter(390, 792, 270, 340, -9), letter(690, 772, 270, 340, 5), letter(985, 795, 270, 340, -4))
    # the half pencil
    svg.add(group([rect(0, -13, 150, 26, GOLD), rect(0, -13, 150, 8, GOLD_L),
                   poly([(150, -13), (196, 0), (150, 13)], mix(PAPER2, GOLD, 0.3)),
                   poly([(184, -4), (196, 0), (184, 4)], INK),
                   rect(-4, -13, 8, 26, mix(GOLD, INK2, 0.4))],
                  transform="translate(1130,800) rotate(-14)"))


@art("xia-minghan", "3", "p32")
def s_xia_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER))
    svg.add(cloud(400, 180, 320, PAPER2, mix(PAPER2, GOLD, 0.45), rng))
    it, _ = hill(rng, -50, W + 50, 560, 170, GREEN_LL, H, n=5)
    svg.add(it)
    svg.add(bamboo(1500, 720, 560, GREEN, rng, n=7))
    svg.add(bamboo(260, 720, 500, GREEN, rng, n=6))
    svg.add(rect(0, 700, W, H, mix(GREEN_LL, PAPER, 0.3)))
    svg.add(gable_house(430, 770, 380, 290, steps=2))
    svg.add(gable_house(1370, 770, 380, 290, steps=2))
    svg.add(front_house(900, 775, 700, 280, windows=2))
    svg.add(rect(220, 770, 1360, 26, STONE))
    # pond with lotus leaves on the left, a stone path to the door
    svg.add(rect(0, 1000, W, H, PAPER2))
    svg.add(poly([(860, 765), (940, 765), (1160, H + 10), (700, H + 10)], mix(PAPER2, STONE, 0.45)))
    svg.add(ellipse(380, 930, 420, 110, mix(GREEN_LL, PAPER, 0.05)))
    svg.add(water_lines(rng, 60, 700, 880, 980, PAPER, 3, rows=3, dash=(30, 90)))
    for x, y, r in ((170, 930, 34), (260, 970, 28), (560, 900, 38), (640, 950, 26), (470, 985, 24)):
        svg.add(circle(x, y, r, GREEN), line(x, y, x + r * 0.9, y - r * 0.3, mix(GREEN, PAPER, 0.4), 3))
    svg.add(circle(600, 858, 16, mix(RED, PAPER, 0.35)))
    for i, (x, y, hh) in enumerate(((1000, 930, 170), (1080, 1000, 190), (1180, 1080, 140), (1260, 1090, 210),
                                    (1360, 1160, 150))):
        kid = hh < 160
        svg.add(person(x, y, hh, -1, walk_pose(i * 0.3, 14, 4) if not kid else "attention",
                       "jacket", None, INK, RED, "bouquet" if not kid else None, kid=kid, scarf="kid" if kid else None,
                       hair="bob" if i == 3 else None, light=PAPER2))


# --- 05 luo-ronghuan ------------------------------------------------------------
BRONZE = mix(INK2, GOLD, 0.28)


def statue(cx, base, h, plinth=PAPER2, bronze=BRONZE, rim=GOLD, figure_h=None):
    """A bronze standing figure in a greatcoat on a stepped stone plinth."""
    items = []
    ph = h * 0.45
    fh = figure_h or h * 0.55
    sh = mix(plinth, INK2, 0.18)
    items.append(rect(cx - h * 0.34, base - ph * 0.12, h * 0.68, ph * 0.12, sh))
    items.append(rect(cx - h * 0.29, base - ph * 0.22, h * 0.58, ph * 0.1, plinth))
    items.append(rect(cx - h * 0.22, base - ph * 0.9, h * 0.44, ph * 0.68, plinth))
    items.append(rect(cx - h * 0.22, base - ph * 0.9, h * 0.06, ph * 0.68, sh))
    items.append(rect(cx - h * 0.25, base - ph, h * 0.5, ph * 0.1, sh))
    items.append(rect(cx - h * 0.16, base - ph * 0.74, h * 0.32, ph * 0.36, None, stroke=sh, sw=h * 0.006))
    top = base - ph
    items.append(person(cx + h * 0.006, top, fh, 1, "attention", "coat", "peaked", rim, RED, None, front=True,
                        arms=[(6, 2), (6, 2)]))
    items.append(person(cx, top, fh, 1, "attention", "coat", "peaked", bronze, bronze, None, front=True,
                        arms=[(6, 2), (6, 2)]))
    return items


def flower_basket(x, y, s, fills=(RED, GOLD_L, RED_D)):
    items = [poly([(x - s * 0.5, y - s * 0.6), (x + s * 0.5, y - s * 0.6), (x + s * 0.35, y), (x - s * 0.35, y)],
                  mix(GOLD, INK2, 0.4))]
    rr = random.Random(int(x * 3 + y))
    for k in range(9):
        a = math.pi + math.pi * (k + 0.5) / 9
        items.append(circle(x + math.cos(a) * s * 0.42, y - s * 0.6 + math.sin(a) * s * 0.36, s * 0.16,
                            fills[k % len(fills)]))
    items.append(circle(x, y - s * 0.82, s * 0.17, fills[0]))
    return items


@art("luo-ronghuan", "cover", "cover")
def s_luo_cover(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(GOLD_L, PAPER, 0.25)))
    svg.add(rays(1320, 420, 32, 2400, mix(GOLD_L, GOLD, 0.35), op=0.55))
    svg.add(circle(1320, 420, 260, mix(GOLD_L, PAPER, 0.55)))
    for x, hh in ((900, 560), (1760, 640), (1010, 420), (1650, 470)):
        svg.add(pine(x, 900, hh, GREEN_D, random.Random(int(x)), tiers=4, light=GREEN))
    svg.add(rect(0, 880, W, H, PAPER2))
    for i in range(4):
        svg.add(rect(1010 - i * 40, 880 + i * 30, 620 + i * 80, 30, mix(PAPER2, STONE, 0.25 + 0.1 * (i % 2))))
    svg.add(statue(1320, 885, 780))
    for x in (1130, 1200, 1440, 1510):
        svg.add(flower_basket(x, 885, 60))


@art("luo-ronghuan", "1", "p32")
def s_luo_1(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(PAPER, GREEN_LL, 0.15)))
    svg.add(sun(1400, 250, 100, mix(GOLD_L, PAPER, 0.3)))
    it, _ = hill(rng, -50, W + 50, 520, 220, mix(GREEN_LL, PAPER, 0.3), H, n=5)
    svg.add(it)
    svg.add(rect(0, 470, W, 26, PAPER, op=0.7), rect(0, 520, W, 16, PAPER, op=0.6))
    it, _ = hill(rng, -50, W + 50, 650, 180, GREEN_LL, H, n=5)
    svg.add(it)
    svg.add(rect(0, 610, W, 22, PAPER, op=0.6))
    svg.add(terraces(rng, -60, W + 60, 760, 1220, 7, [GREEN_L, mix(GREEN_L, PAPER, 0.3)], mix(PAPER, GREEN_LL, 0.3),
                     4, bend=0.12, cx=1300))
    svg.add(bamboo(560, 780, 420, GREEN, rng, n=6))
    svg.add(round_tree(1560, 790, 420, [GREEN, GREEN_L, GREEN_D], rng))
    svg.add(gable_house(720, 790, 260, 200))
    svg.add(front_house(1080, 790, 520, 210, windows=2))
    svg.add(gable_house(1420, 790, 240, 190))
    svg.add(rect(560, 786, 1000, 16, STONE))
    path_pts = [(180, 1220), (420, 1060), (700, 960), (960, 860), (1080, 800)]
    svg.add(path(smooth_d(path_pts), None, stroke=mix(PAPER2, STONE, 0.3), sw=26, cap="round"))
    svg.add(person(540, 1010, 190, 1, walk_pose(0.3, 16, 4), "jacket", None, INK, RED, "books_side", kid=True,
                   light=GREEN_L))
    svg.add(person(700, 958, 230, 1, walk_pose(0.75, 14, 4), "gown", None, INK, RED, None, light=GREEN_L))


@art("luo-ronghuan", "2", "p32")
def s_luo_2(svg, rng, W, H):
    svg.add(bands(W, [0, 360, 560], [mix(RED_D, INK2, 0.35), mix(RED_D, GOLD, 0.2), mix(GOLD, RED, 0.25)]))
    svg.add(sun(1300, 600, 130, GOLD_L))
    it, _ = hill(rng, -50, W + 50, 700, 200, mix(GREEN_D, RED_D, 0.3), H, n=5)
    svg.add(it)
    it, g = hill(rng, -50, W + 50, 900, 90, mix(GREEN_D, INK, 0.45), H, n=4)
    svg.add(it)
    # officer addressing a circle of seated soldiers
    svg.add(person(560, 1010, 380, 1, "speak", "jacket", "cap8", INK, RED, None, light=GREEN_D,
                   arms=[(60, 130), (-5, 0)]))
    svg.add(line(400, 1015, 400, 520, INK, 9), flag_cloth(400, 525, 230, 140, -1, RED))
    for k in (-1, 0, 1):
        svg.add(line(270 + k * 48, 1010, 270 - k * 10, 740, INK, 10))
    for i in range(9):
        x = 800 + i * 118 + rng.uniform(-10, 10)
        row = i % 2
        y = 1010 + row * 150
        svg.add(person(x, y, 300 + row * 40, -1, "sit_ground", "jacket", "cap8", mix(INK, RED_D, 0.15 * (1 - row)),
                       RED, "rifle_back" if i % 3 == 0 else None, light=GREEN_D))
    svg.add(person(170, 1190, 360, 1, "sit_ground", "jacket", "cap8", INK, RED, None, light=GREEN_D))


@art("luo-ronghuan", "3", "p34")
def s_luo_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER))
    svg.add(sun(600, 560, 430, mix(PAPER, GOLD_L, 0.35), (mix(PAPER, GOLD, 0.4), 3, 30, 3)))
    for x, hh in ((40, 900), (1160, 860)):
        svg.add(pine(x, 1300, hh, GREEN_D, random.Random(int(x) + 3), tiers=4, light=GREEN))
    svg.add(rect(0, 1260, W, H, PAPER2))
    for i in range(3):
        svg.add(rect(260 - i * 60, 1260 + i * 40, 680 + i * 120, 40, mix(PAPER2, STONE, 0.25 + 0.12 * (i % 2))))
    svg.add(statue(600, 1265, 1120))
    for x in (400, 480, 720, 800):
        svg.add(flower_basket(x, 1265, 70))
    for i, (x, hh, kid) in enumerate(((260, 300, False), (380, 210, True), (830, 210, True), (950, 300, False))):
        s = 1 if x < 600 else -1
        svg.add(person(x, 1450 + (i % 2) * 30, hh, s, "bow" if not kid else "attention", "jacket", None, INK, RED,
                       None, kid=kid, scarf="kid" if kid else None, hair="bun" if i == 3 else None, light=PAPER2))


# --- 06 tang-qunying ------------------------------------------------------------------
def plum_branch(rng, x, y, length, angle, width, wood, bloom, centre=GOLD, density=1.0, depth=3, bloom_r=None):
    items, tips = branch(rng, x, y, length, angle, width, wood, depth=depth)
    br = bloom_r or width * 1.6
    for (tx, ty) in tips:
        for k in range(int(rng.randint(1, 3) * density + 0.5)):
            items.append(blossom(tx + rng.uniform(-1, 1) * br * 1.4, ty + rng.uniform(-1, 1) * br * 1.4,
                                 br * rng.uniform(0.8, 1.2), bloom, centre, rot=rng.uniform(0, 1.2)))
    return items


def plum_path(rng, pts, width, wood, bloom, centre=GOLD_L, bloom_r=24, twigs=8, every=70):
    """Hand-guided plum branch: main limb through pts, short twigs, blossoms along both."""
    items = []
    n = len(pts)
    limbs = []
    for i in range(n - 1):
        w = width * (1 - 0.7 * i / (n - 1))
        items.append(line(pts[i][0], pts[i][1], pts[i + 1][0], pts[i + 1][1], wood, w))
        limbs.append((pts[i], pts[i + 1], w))
    for k in range(twigs):
        (a, b, w) = limbs[rng.randrange(len(limbs))]
        t = rng.uniform(0.2, 0.9)
        x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        ang = math.atan2(b[1] - a[1], b[0] - a[0]) + rng.choice([-1, 1]) * rng.uniform(0.5, 1.0)
        L = rng.uniform(90, 200)
        x2, y2 = x + L * math.cos(ang), y + L * math.sin(ang)
        items.append(line(x, y, x2, y2, wood, max(4, w * 0.35)))
        limbs.append(((x, y), (x2, y2), 0))
    blooms = []
    for (a, b, w) in limbs:
        L = math.hypot(b[0] - a[0], b[1] - a[1])
        m = max(1, int(L / every))
        for j in range(m):
            t = (j + rng.uniform(0.3, 1.0)) / m
            x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
            off = (w / 2 + bloom_r * 0.6) * rng.choice([-1, 1])
            blooms.append((x + rng.uniform(-0.4, 0.4) * bloom_r, y + off * 0.6))
    for (x, y) in blooms:
        if rng.random() < 0.75:
            items.append(blossom(x, y, bloom_r * rng.uniform(0.8, 1.15), bloom, centre, rot=rng.uniform(0, 1.2)))
        else:
            items.append(circle(x, y, bloom_r * 0.35, bloom))
    return items


def oil_lamp(x, y, s, body=INK2):
    return [circle(x, y - s * 1.2, s * 2.6, GOLD_L, op=0.18), circle(x, y - s * 1.2, s * 1.5, GOLD_L, op=0.25),
            poly([(x - s * 0.5, y), (x + s * 0.5, y), (x + s * 0.25, y - s * 0.5), (x - s * 0.25, y - s * 0.5)], body),
            rect(x - s * 0.08, y - s * 0.55, s * 0.16, s * 0.1, body),
            flame(x, y - s * 0.6, s * 0.7, GOLD, GOLD_L)]


def steamship(x, y, L, hull=INK2, cabin=WALL, funnel=RED_D):
    items = [path("M%s,%s L%s,%s L%s,%s Q%s,%s %s,%s L%s,%s Z" % (
        f(x - L * 0.5), f(y - L * 0.1), f(x + L * 0.5), f(y - L * 0.14), f(x + L * 0.42), f(y + L * 0.02),
        f(x), f(y + L * 0.035), f(x - L * 0.4), f(y + L * 0.02), f(x - L * 0.5), f(y - L * 0.1)), hull)]
    items.append(rect(x - L * 0.32, y - L * 0.2, L * 0.5, L * 0.1, cabin))
    items.append(rect(x - L * 0.22, y - L * 0.27, L * 0.3, L * 0.07, cabin))
    for i in range(7):
        items.append(circle(x - L * 0.28 + i * L * 0.066, y - L * 0.15, L * 0.012, hull))
    items.append(rect(x - L * 0.08, y - L * 0.4, L * 0.06, L * 0.14, funnel))
    items.append(rect(x - L * 0.08, y - L * 0.4, L * 0.06, L * 0.02, hull))
    items.append(line(x + L * 0.3, y - L * 0.14, x + L * 0.3, y - L * 0.45, hull, L * 0.008))
    items.append(line(x - L * 0.45, y - L * 0.1, x - L * 0.45, y - L * 0.38, hull, L * 0.008))
    items.append(line(x - L * 0.45, y - L * 0.38, x + L * 0.3, y - L * 0.45, hull, L * 0.003))
    items.append(line(x + L * 0.3, y - L * 0.45, x + L * 0.5, y - L * 0.14, hull, L * 0.003))
    return items


@art("tang-qunying", "cover", "cover")
def s_tang_cover(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER2))
    # white wall with a moon gate
    wall_top = 150
    cx, cy, R = 1330, 560, 330
    svg.add(rect(760, wall_top, W - 760, 900 - wall_top, WALL))
    svg.add(coping(760, W + 40, wall_top, 34, TILE_D, True, False))
    svg.add(rect(760, wall_top, W - 760, 14, mix(WALL, INK2, 0.5)))
    clip = svg.clip_path("M%s,%s a%s,%s 0 1 0 %s,0 a%s,%s 0 1 0 %s,0 Z" % (cx - R, cy, R, R, 2 * R, R, R, -2 * R))
    inside = [rect(cx - R, cy - R, 2 * R, 2 * R, mix(GOLD_L, PAPER, 0.3)),
              circle(cx + 120, cy - 40, 110, RED)]
    it, _ = hill(rng, cx - R, cx + R, cy + 140, 150, mix(GREEN_LL, PAPER, 0.1), cy + R + 10, n=4)
    inside.append(it)
    it, _ = hill(rng, cx - R, cx + R, cy + 230, 90, GREEN_L, cy + R + 10, n=3)
    inside.append(it)
    svg.add(group(inside, clip=clip))
    svg.add(circle(cx, cy, R + 18, None, stroke=STONE, sw=36))
    svg.add(circle(cx, cy, R, None, stroke=mix(STONE, INK2, 0.3), sw=6))
    svg.add(rect(760, 880, W - 760, 30, STONE))
    svg.add(person(cx - 40, cy + R - 6, 300, 1, "stand", "skirt", None, INK, RED, None, hair="bun", light=PAPER,
                   arms=[(10, 60), (-4, 30)]))
    svg.add(rect(0, 905, W, H, mix(PAPER2, STONE, 0.15)))
    rr = random.Random(21)
    svg.add(plum_branch(rr, W + 20, 90, 760, math.radians(160), 22, INK2, RED, GOLD_L))


@art("tang-qunying", "1", "p32")
def s_tang_1(svg, rng, W, H):
    wall = mix(INK2, RED_D, 0.2)
    svg.add(rect(0, 0, W, H, wall))
    # round lattice window
    cx, cy, R = 1250, 430, 300
    clip = svg.clip_path("M%s,%s a%s,%s 0 1 0 %s,0 a%s,%s 0 1 0 %s,0 Z" % (cx - R, cy, R, R, 2 * R, R, R, -2 * R))
    inside = [rect(cx - R, cy - R, 2 * R, 2 * R, mix(INK2, GREEN, 0.35)), circle(cx + 90, cy - 100, 70, PAPER)]
    inside.append(plum_branch(random.Random(8), cx + R, cy - 60, 380, math.radians(170), 12, INK, mix(RED, PAPER, 0.3),
                              GOLD_L))
    for k in range(-6, 7):
        inside.append(line(cx + k * 50, cy - R, cx + k * 50, cy + R, mix(wall, INK, 0.4), 6))
        inside.append(line(cx - R, cy + k * 50, cx + R, cy + k * 50, mix(wall, INK, 0.4), 6))
    svg.add(group(inside, clip=clip))
    svg.add(circle(cx, cy, R + 16, None, stroke=mix(wall, GOLD, 0.35), sw=32))
    # desk, lamp and the reading girl
    top = mix(GOLD, INK2, 0.55)
    svg.add(rect(0, 1080, W, H, mix(wall, INK, 0.35)))
    svg.add(rect(320, 820, 760, 34, top), rect(360, 854, 30, 230, top), rect(1010, 854, 30, 230, top))
    svg.add(oil_lamp(900, 820, 70))
    svg.add(poly([(560, 818), (700, 812), (702, 822), (562, 826)], PAPER))
    svg.add(rect(1120, 700, 110, 380, mix(top, INK, 0.25)), rect(1100, 690, 150, 20, top))
    svg.add(rect(470, 975, 170, 24, top), rect(485, 999, 22, 81, top), rect(605, 999, 22, 81, top))
    svg.add(person(560, 1080, 440, 1, "write", "skirt", None, INK, RED, None, hair="bun", light=wall,
                   arms=[(70, 100), (60, 95)], lean=14))

    for i in range(4):
        svg.add(rect(120, 600 + i * 55, 140, 44, mix(top, [RED_D, GOLD, PAPER2, GREEN][i], 0.35)))
    svg.add(rect(100, 600 + 4 * 55, 180, 16, top))


@art("tang-qunying", "2", "p32")
def s_tang_2(svg, rng, W, H):
    svg.add(bands(W, [0, 330, 520], [mix(GOLD_L, PAPER, 0.2), mix(GOLD_L, PAPER, 0.45), mix(GOLD_L, PAPER, 0.7)]))
    svg.add(sun(1380, 640, 210, RED))
    svg.add(cloud(420, 200, 360, PAPER, mix(PAPER2, GOLD, 0.45), rng))
    svg.add(rect(0, 640, W, H, mix(GREEN_LL, PAPER2, 0.3)))
    sea = [mix(GREEN_LL, PAPER2, 0.3), mix(GREEN_L, PAPER2, 0.2), GREEN_L, mix(GREEN, GREEN_L, 0.5)]
    for i, y in enumerate((640, 760, 900, 1050)):
        svg.add(rect(0, y, W, H, sea[i]))
        svg.add(wave_rows(rng, 0, W, y + 30, y + 100, mix(sea[i], PAPER, 0.35), 4, rows=2, wl=90, amp=9))
    for k in range(4):
        svg.add(cloud(900 - k * 130, 300 - k * 70, 200 + k * 40, mix(PAPER2, INK2, 0.12 + 0.03 * k), None,
                      random.Random(k), lobes=3))
    svg.add(steamship(820, 880, 1100))
    svg.add(person(1215, 737, 160, 1, "stand", "skirt", None, INK, RED, None, hair="bun", light=PAPER,
                   arms=[(25, 95), (-4, 2)]))
    for i, x in enumerate((1080, 1130, 700, 760)):
        svg.add(person(x, 737 if x > 1000 else 708, 140, 1 if i % 2 else -1, "stand", "gown" if i % 2 else "coat",
                       None if i % 2 else "student", INK2, RED, None, light=PAPER))
    svg.add(rect(330, 700, 1040, 10, INK2))


@art("tang-qunying", "3", "p34")
def s_tang_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER))
    svg.add(sun(800, 470, 280, mix(PAPER2, GOLD_L, 0.25)))
    svg.add(plum_path(random.Random(33), [(-30, 1010), (260, 860), (420, 700), (700, 560), (900, 330), (1010, 180)],
                      54, INK2, RED, GOLD_L, bloom_r=30, twigs=11, every=80))
    svg.add(plum_path(random.Random(4), [(W + 30, 300), (1000, 380), (880, 470)], 30, INK2, RED, GOLD_L,
                      bloom_r=26, twigs=3))
    for _ in range(24):
        x, y = rng.uniform(100, 1150), rng.uniform(600, 1250)
        svg.add(ellipse(x, y, 9, 6, mix(RED, PAPER, 0.3), extra='transform="rotate(%d %s %s)"' % (rng.randint(0, 180), f(x), f(y))))
    svg.add(rect(0, 1330, W, H, PAPER2))
    figs = [(180, "skirt", "bun", None), (380, "skirt", "bob", None), (590, "jacket", "bob", None),
            (800, "jacket", None, "kid"), (1000, "jacket", "bun", None)]
    for i, (x, wear, hair, sc) in enumerate(figs):
        kid = sc == "kid"
        svg.add(person(x, 1470, 300 if not kid else 220, 1, walk_pose(i * 0.27, 15, 3), wear, None,
                       mix(INK, RED_D, 0.12 * i), RED, "book" if i % 2 == 0 else None, hair=hair, kid=kid,
                       scarf="kid" if kid else None, light=PAPER2))


# --- 07 wu-ruolan ---------------------------------------------------------------------
def azalea(rng, x, y, w, leaf=GREEN_D, bloom=RED, centre=None, n=14):
    """Mountain azalea (杜鹃) bush: dark leaf mass with red five-petal blossoms."""
    items = []
    for k in range(7):
        items.append(ellipse(x + rng.uniform(-0.42, 0.42) * w, y - rng.uniform(0.1, 0.45) * w,
                             w * rng.uniform(0.18, 0.28), w * rng.uniform(0.12, 0.2), leaf))
    for k in range(n):
        bx, by = x + rng.uniform(-0.45, 0.45) * w, y - rng.uniform(0.15, 0.6) * w
        items.append(blossom(bx, by, w * rng.uniform(0.06, 0.085), bloom, centre or mix(bloom, GOLD_L, 0.5),
                             rot=rng.uniform(0, 1.2)))
    return items


@art("wu-ruolan", "cover", "cover")
def s_wu_cover(svg, rng, W, H):
    svg.add(bands(W, [0, 240, 430, 600], [mix(RED, GOLD, 0.35), mix(GOLD, GOLD_L, 0.3), GOLD_L,
                                          mix(GOLD_L, PAPER, 0.4)]))
    pk = [(700, 240, 300), (1050, 330, 320), (1450, 260, 300), (1800, 300, 260)]
    it, _ = hill(rng, -50, W + 50, 640, 330, mix(RED_D, GREEN, 0.45), H, kind="peak", peaks=pk)
    svg.add(it)
    it, _ = hill(rng, -50, W + 50, 760, 200, mix(RED_D, GREEN_D, 0.55), H, kind="peak", n=5, wmin=0.15, wmax=0.3)
    svg.add(it)
    ridge = [(-50, 1000), (500, 960), (1000, 880), (1380, 760), (1560, 700), (1760, 720), (1980, 760),
             (1980, H + 10), (-50, H + 10)]
    svg.add(path(smooth_d(ridge[:7]) + " L1980,%s L-50,%s Z" % (H + 10, H + 10), mix(INK, RED_D, 0.35)))
    svg.add(person(1560, 712, 250, -1, "stand", "jacket", "cap8", INK, RED, "rifle_back", hair="bob",
                   light=RED_D, arms=[(6, 2), (20, 100)]))
    for x, y, w in ((1250, 900, 300), (1500, 990, 380), (1800, 900, 360), (1100, 1060, 260)):
        svg.add(azalea(rng, x, y, w, leaf=mix(GREEN_D, INK, 0.3), bloom=RED))


@art("wu-ruolan", "1", "p32")
def s_wu_1(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(PAPER, GREEN_LL, 0.12)))
    svg.add(sun(380, 260, 90, mix(GOLD_L, PAPER, 0.2)))
    it, _ = hill(rng, -50, W + 50, 560, 180, GREEN_LL, H, n=6)
    svg.add(it)
    svg.add(village(rng, 900, 1750, 640, 78, n=8))
    svg.add(rect(0, 630, W, H, GREEN_L))
    svg.add(stream([(-50, 760), (600, 720), (1200, 770), (1850, 730)], 150, 200, mix(GREEN_LL, PAPER, 0.45)))
    svg.add(water_lines(rng, 0, W, 700, 810, PAPER, 3, rows=3, dash=(30, 100)))
    # a sailing boat on the Lei river
    bx, by = 520, 745
    svg.add(path("M%s,%s L%s,%s Q%s,%s %s,%s Z" % (bx - 110, by - 10, bx + 120, by - 14, bx, by + 30, bx - 110, by - 10), INK2))
    svg.add(line(bx, by - 12, bx, by - 230, INK2, 5))
    svg.add(path("M%s,%s L%s,%s L%s,%s Q%s,%s %s,%s Z" % (bx + 4, by - 225, bx + 120, by - 150, bx + 110, by - 40,
                                                       bx + 50, by - 60, bx + 4, by - 40), mix(PAPER2, INK2, 0.15)))
    svg.add(rect(0, 860, W, H, mix(GREEN, GREEN_L, 0.4)))
    svg.add(rect(0, 1000, W, H, GREEN))
    svg.add(line(0, 1002, W, 1002, mix(GREEN, PAPER, 0.2), 4))
    svg.add(round_tree(1500, 1010, 520, [GREEN_D, GREEN, mix(GREEN_D, INK, 0.3)], rng))
    svg.add(person(840, 1010, 330, 1, walk_pose(0.2, 15, 3), "jacket", None, INK, RED, "book", hair="bob",
                   light=GREEN))
    svg.add(person(1040, 1010, 280, 1, walk_pose(0.65, 15, 3), "skirt", None, INK2, RED, "books_side", hair="braid",
                   light=GREEN))


@art("wu-ruolan", "2", "p43")
def s_wu_2(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(GREEN_LL, PAPER, 0.35)))
    for k, col in enumerate([mix(GREEN_LL, PAPER, 0.15), GREEN_L, GREEN]):
        for i in range(6 - k):
            svg.add(bamboo(rng.uniform(0, W), 1000 + k * 60, 1100 + k * 150, col, rng, n=3))
    svg.add(rect(0, 1020, W, H, mix(GREEN, INK, 0.2)))
    pts = [(-40, 1160), (500, 1080), (1000, 1040), (1700, 1000)]
    dense = catmull(pts)
    for i in range(10):
        (x, y), _ = along(dense, 0.35 + 0.065 * i)
        svg.add(person(x, y, 170 - i * 9, 1, walk_pose(rng.random(), 16, 6), "jacket", "cap8",
                       mix(INK, GREEN_L, 0.05 * i), RED, rng.choice(["rifle_back", "rifle_back", "flag"]),
                       light=GREEN_L))
    svg.add(person(420, 1130, 420, 1, walk_pose(0.2, 16, 4), "jacket", "cap8", INK, RED, ["rifle_back", "bag"],
                   hair="bob", light=GREEN))
    for i in range(3):
        svg.add(bamboo(rng.uniform(1100, W), 1220, 1300, mix(GREEN, INK, 0.45), rng, n=3))


@art("wu-ruolan", "3", "p32")
def s_wu_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, INK))
    # projector beam and the screen
    sx0, sy0, sx1, sy1 = 300, 90, 1500, 760
    svg.add(rect(sx0 - 14, sy0 - 14, sx1 - sx0 + 28, sy1 - sy0 + 28, mix(INK, RED_D, 0.4)))
    clip = svg.clip_path(poly_d([(sx0, sy0), (sx1, sy0), (sx1, sy1), (sx0, sy1)]))
    scr = [rect(sx0, sy0, sx1 - sx0, sy1 - sy0, mix(GOLD_L, PAPER, 0.2)), circle(1150, 420, 120, RED)]
    it, _ = hill(rng, sx0 - 20, sx1 + 20, 560, 180, mix(RED_D, GREEN, 0.45), sy1 + 10, kind="peak", n=4)
    scr.append(it)
    r2 = [(sx0 - 20, 720), (700, 660), (1000, 600), (1300, 640), (sx1 + 20, 620)]
    scr.append(path(smooth_d(r2) + " L%s,%s L%s,%s Z" % (sx1 + 20, sy1 + 20, sx0 - 20, sy1 + 20), mix(INK, RED_D, 0.3)))
    scr.append(person(1000, 612, 200, -1, "hold", "jacket", "cap8", INK, RED, "bigflag", hair="bob", light=RED_D))
    scr.append(azalea(random.Random(3), 500, 740, 220, leaf=INK2, bloom=RED))
    svg.add(group(scr, clip=clip))
    svg.add(rect(0, 820, W, H, mix(INK, RED_D, 0.2)))
    # the audience, seen from behind
    for r, (y, s) in enumerate([(960, 70), (1060, 82), (1175, 96)]):
        x = -20 + (r % 2) * s * 0.5
        col = mix(INK2, GOLD_L, 0.08 * (2 - r)) if r < 2 else INK2
        while x < W + 40:
            hh = s * rng.uniform(0.95, 1.05)
            svg.add(path("M%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s Z" % (
                f(x - hh * 0.75), f(y + 200), f(x - hh * 0.8), f(y + hh * 0.55), f(x - hh * 0.35), f(y + hh * 0.45),
                f(x + hh * 0.35), f(y + hh * 0.45), f(x + hh * 0.8), f(y + hh * 0.55), f(x + hh * 0.75), f(y + 200)),
                col))
            svg.add(circle(x, y, hh * 0.36, col))
            x += hh * rng.uniform(1.45, 1.7)
    svg.add(poly([(860, 1220), (940, 1220), (sx1, sy0 + 40), (sx0, sy0 + 40)], GOLD_L, op=0.07))
    svg.add(poly([(880, 1220), (920, 1220), (sx1 - 200, sy0 + 120), (sx0 + 200, sy0 + 120)], GOLD_L, op=0.06))


# --- 08 xiangnan-uprising ----------------------------------------------------------------
@art("xiangnan-uprising", "cover", "cover")
def s_uprising_cover(svg, rng, W, H):
    svg.add(bands(W, [0, 420, 640], [INK2, mix(INK2, RED_D, 0.22), mix(INK2, RED_D, 0.45)]))
    it, _ = hill(rng, -50, W + 50, 780, 170, mix(INK2, RED_D, 0.15), H, n=6)
    svg.add(it)
    svg.add(rect(0, 820, W, H, INK))
    # giant flag sweeping over the crowd
    svg.add(line(1270, 1000, 1360, 110, INK, 14))
    svg.add(path("M1360,118 C1480,80 1600,170 1720,130 C1800,104 1880,120 1960,100 L1960,430 C1860,450 1780,420 "
                 "1700,460 C1580,510 1480,420 1380,470 Z", RED))
    svg.add(path("M1360,118 C1480,80 1600,170 1720,130 C1800,104 1880,120 1960,100 L1960,150 C1860,170 1760,160 "
                 "1700,190 C1580,230 1480,150 1372,190 Z", mix(RED, GOLD_L, 0.2)))
    people = mass_crowd(rng, 820, W + 60, 860, 1120, 120, 330, 5, mix(INK, RED_D, 0.45), INK, s=-1, density=0.3,
                        flags=0.08, flag_cols=(RED,), hats=(None, "towel", "cap8", None), wears=("jacket",),
                        props_=(None, "spear", "torch", "spear", None), poses=("walk", "walk", "fist", "torch"),
                        light=RED_D, acc=RED, bigflags=False)
    svg.add(people)
    svg.add(sparks(rng, 900, 1900, 200, 700, 26, [GOLD, GOLD_L], 14))


@art("xiangnan-uprising", "1", "p32")
def s_uprising_1(svg, rng, W, H):
    svg.add(bands(W, [0, 420, 620], [mix(INK2, GREEN, 0.25), mix(INK2, GREEN, 0.4), mix(INK2, RED_D, 0.35)]))
    svg.add(circle(1500, 200, 70, mix(PAPER, GOLD_L, 0.4)))
    wall_col = mix(INK2, STONE, 0.35)
    svg.add(city_wall(-20, W + 20, 520, 900, wall_col, course=mix(wall_col, INK, 0.25)))
    svg.add(gate_tower(900, 520, 620, fill_wall=mix(WALL, INK2, 0.35), roof=INK, post=RED_D, dark=INK))
    svg.add(path("M780,900 L780,700 A120,120 0 0 1 1020,700 L1020,900 Z", mix(GOLD, RED, 0.35)))
    svg.add(path("M800,900 L800,705 A100,100 0 0 1 1000,705 L1000,900 Z", mix(GOLD_L, GOLD, 0.4)))
    svg.add(rect(0, 900, W, H, mix(INK, RED_D, 0.25)))
    for i, x in enumerate((850, 900, 950)):
        svg.add(person(x, 890, 120, -1, walk_pose(i * 0.3, 16, 6), "jacket", "towel", INK, RED,
                       "torch" if i != 1 else "spear", light=GOLD))
    rows = [(960, 170, 6, 640, 60), (1060, 220, 5, 760, 30), (1185, 290, 4, 860, -40)]
    for y, hh, n, x0, spread in rows:
        for i in range(n):
            x = x0 - i * hh * 0.55 + rng.uniform(-20, 20)
            pr = rng.choice(["spear", "torch", "spear", "flag", None])
            pose = "torch" if pr == "torch" else walk_pose(rng.random(), 18, 8)
            svg.add(person(x, y, hh, -1, pose, "jacket", rng.choice(["towel", None, "straw"]), INK, RED, pr,
                           light=mix(INK, RED_D, 0.4)))
    for i, x in enumerate((1200, 1320, 1450, 1600, 1720)):
        svg.add(person(x, 1180 - i * 40, 280 - i * 30, -1, walk_pose(i * 0.4, 18, 8), "jacket", rng.choice(["towel", None]),
                       INK, RED, rng.choice(["spear", "torch", "flag"]), light=mix(INK, RED_D, 0.4)))


@art("xiangnan-uprising", "2", "column")
def s_uprising_2(svg, rng, W, H):
    svg.add(bands(W, [0, 380, 640, 820], [mix(GOLD_L, PAPER, 0.35), mix(GOLD_L, PAPER, 0.55), mix(GOLD_L, PAPER, 0.75),
                                          PAPER]))
    svg.add(sun(3650, 560, 170, mix(GOLD, RED, 0.35), (mix(GOLD, RED, 0.35), 2, 30, 4)))
    svg.add(geese(rng, 2800, 300, 9, 22, mix(INK2, PAPER, 0.4)))
    # the Jinggang range to the right
    pk = [(3300, 420, 340), (3750, 520, 380), (4200, 440, 300), (2800, 260, 280)]
    it, _ = hill(rng, -50, W + 50, 860, 520, mix(GREEN_LL, PAPER, 0.2), H, kind="peak", peaks=pk, steps=120)
    svg.add(it)
    pk2 = [(3500, 300, 260), (4000, 340, 300), (2600, 200, 300), (1800, 120, 400)]
    it, _ = hill(rng, -50, W + 50, 960, 360, GREEN_LL, H, kind="peak", peaks=pk2, steps=120)
    svg.add(it)
    for x, w in ((1200, 300), (2000, 280), (2700, 240)):
        svg.add(cloud(x, 640 + (x % 7) * 5, w, PAPER, mix(GREEN_LL, PAPER, 0.3), rng))
    it, mid = hill(rng, -50, W + 50, 1080, 200, GREEN_L, H, n=8, contour=(mix(GREEN_L, PAPER, 0.25), 4, 30, 4))
    svg.add(it)
    svg.add(village(rng, 600, 1300, mid.y(950) + 30, 70, n=5))
    svg.add(village(rng, 2900, 3300, mid.y(3100) + 40, 60, n=3))
    it, near = hill(rng, -50, W + 50, 1360, 150, GREEN, H, n=6)
    svg.add(it)
    clip = svg.clip_path(near.d(H + 10))
    svg.add(group(terraces(rng, -60, W + 60, 1280, 1560, 6, [GREEN, mix(GREEN, GREEN_L, 0.5)], mix(GREEN_L, PAPER, 0.3),
                           4, bend=0.25, cx=3400), clip=clip))
    # the road and the column
    road = [(-60, 1480), (700, 1400), (1400, 1330), (1950, 1260), (2350, 1190), (2500, 1130), (2250, 1080),
            (2500, 1030), (3000, 990), (3400, 950), (3700, 900)]
    svg.add(path(smooth_d(road), None, stroke=mix(PAPER2, GOLD_L, 0.35), sw=60, cap="round"))
    svg.add(path(smooth_d(road), None, stroke=mix(PAPER2, GOLD_L, 0.15), sw=40, cap="round"))
    dense = catmull(road, 40)
    n = 120
    for i in range(n):
        u = 0.985 - 0.94 * (i / (n - 1)) ** 0.9
        (x, y), (ddx, ddy) = along(dense, u)
        depth = (y - 900) / (1480 - 900)
        hh = 34 + depth * 230
        col = mix(mix(GREEN_D, INK, 0.3), INK, depth)
        r = rng.random()
        if r < 0.07:
            pr, pose = "bigflag", "hold"
        elif r < 0.33:
            pr, pose = "spear", walk_pose(rng.random(), 18, 8)
        elif r < 0.37 and 0.2 < depth < 0.6:
            pr, pose = "pole_baskets", walk_pose(rng.random(), 14, 6)
        else:
            pr, pose = "rifle_back", walk_pose(rng.random(), 18, 8)
        off = rng.uniform(-0.25, 0.25) * hh * 0.25
        svg.add(person(x + off, y + 4, hh, 1 if ddx >= 0 else -1, pose, "jacket",
                       rng.choice(["cap8", "cap8", "towel", "straw", None]), col, RED, pr, light=GREEN, hair=None))
    for x, hh in ((150, 900), (4380, 700)):
        svg.add(pine(x, H + 40, hh, INK2, random.Random(int(x)), tiers=4, light=mix(INK2, GREEN, 0.4)))


@art("xiangnan-uprising", "3", "p32")
def s_uprising_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(PAPER, GOLD_L, 0.1)))
    svg.add(cloud(1400, 170, 300, PAPER2, mix(PAPER2, GOLD, 0.4), rng))
    it, _ = hill(rng, -50, W + 50, 560, 140, GREEN_LL, H, n=5)
    svg.add(it)
    # exhibition hall: a low white hall with a grey roof, and a red relief wall of the march
    svg.add(rect(300, 400, 1300, 380, WALL))
    svg.add(tiled_roof(300, 1600, 400, 90, TILE, lines=True))
    svg.add(rect(300, 760, 1300, 30, STONE))
    for i in range(7):
        x = 380 + i * 190
        svg.add(rect(x, 470, 60, 220, mix(GREEN_LL, INK2, 0.25)))
    svg.add(rect(1130, 560, 260, 200, mix(GREEN_LL, INK2, 0.3)), rect(1100, 530, 320, 30, RED_D))
    svg.add(rect(120, 560, 620, 250, RED_D))
    svg.add(rect(120, 548, 620, 16, mix(RED_D, INK, 0.4)))
    for i in range(8):
        svg.add(person(190 + i * 72, 790, 190, 1, walk_pose(i * 0.17, 18, 8), "jacket", "cap8",
                       mix(RED_D, GOLD, 0.55), GOLD_L, "flag" if i == 2 else ("spear" if i % 2 else "rifle_back"),
                       light=RED_D))
    svg.add(rect(0, 800, W, H, PAPER2))
    for x in (1680, 1760):
        svg.add(round_tree(x, 820, 380, [GREEN, GREEN_L, GREEN_D], random.Random(int(x))))
    # schoolchildren in a line with their teacher
    svg.add(person(1450, 1010, 300, -1, walk_pose(0.1, 15, 3), "jacket", None, INK, RED, "flag", hair="bob",
                   light=PAPER2))
    for i in range(11):
        x = 1320 - i * 105 + rng.uniform(-10, 10)
        y = 1020 + (i % 2) * 40
        svg.add(person(x, y, 200 + rng.uniform(-12, 12), -1, walk_pose(rng.random(), 15, 3), "jacket", None,
                       INK, RED, None, kid=True, scarf="kid", hair=rng.choice([None, "bob", "bun"]), light=PAPER2))


# --- 09 defence-of-hengyang -------------------------------------------------------
SMOKE = mix(INK2, STONE, 0.45)


def smoke(rng, x, y, h, col=SMOKE, lean=0.35, curl=None, w=None, top_col=None, n=10):
    """Stylised rising smoke: a plume of lobes that swells, drifts with the wind and pales as it rises."""
    items = []
    w = w or h * 0.16
    top_col = top_col or mix(col, PAPER, 0.35)
    levels = []
    for i in range(n):
        t = i / (n - 1)
        cx = x + lean * h * t ** 1.6
        cy = y - h * t
        spread = w * (0.2 + 1.1 * t)
        lobes = []
        k = 1 if t < 0.25 else (2 if t < 0.6 else 3)
        for j in range(k):
            off = (j - (k - 1) / 2) * spread * 0.9 + rng.uniform(-0.15, 0.15) * spread
            r = w * (0.35 + 0.75 * t) * rng.uniform(0.85, 1.1)
            lobes.append((cx + off, cy + rng.uniform(-0.1, 0.1) * r, r))
        levels.append((t, lobes))
    for t, lobes in reversed(levels):
        c = mix(col, top_col, t)
        for (lx, ly, r) in lobes:
            items.append(circle(lx, ly, r, c))
            if curl and t > 0.2 and rng.random() < 0.5:
                items.append(path(smooth_d(spiral_pts(lx, ly, r * 0.5, 1.0, rng.choice([-1, 1]), start=math.pi)),
                                  None, stroke=mix(c, curl, 0.5), sw=max(2, w * 0.045), cap="round"))
    return items


def fire(rng, x, y, s):
    return [flame(x + rng.uniform(-0.3, 0.3) * s, y, s * rng.uniform(0.7, 1.0), RED, GOLD),
            flame(x + s * 0.35, y, s * 0.6, RED, GOLD_L), flame(x - s * 0.4, y, s * 0.5, RED_D, GOLD)]


def city_roofs(rng, x0, x1, base, scale, rows=3, wall=WALL, roof=TILE, cap=TILE_D):
    items = []
    for r in range(rows):
        items.append(village(rng, x0, x1, base - (rows - 1 - r) * scale * 0.28, scale * (0.8 + 0.1 * r),
                             wall=mix(wall, INK2, 0.08 * (rows - 1 - r)), roof=roof, cap=cap,
                             n=int((x1 - x0) / (scale * 0.75))))
    return items


@art("defence-of-hengyang", "cover", "cover")
def s_defence_cover(svg, rng, W, H):
    sky = [mix(STONE, GOLD_L, 0.35), mix(STONE, GOLD, 0.3), mix(STONE, RED_D, 0.25)]
    svg.add(bands(W, [0, 380, 620], sky))
    svg.add(sun(1150, 560, 150, RED))
    svg.add(smoke(rng, 1560, 720, 620, mix(INK2, STONE, 0.3), lean=-0.5, curl=INK2, w=110))
    svg.add(smoke(rng, 860, 760, 480, mix(INK2, STONE, 0.45), lean=-0.4, curl=INK2, w=80))
    it, _ = hill(rng, -50, W + 50, 760, 120, mix(STONE, INK2, 0.25), H, n=5)
    svg.add(it)
    wall_col = mix(INK2, STONE, 0.4)
    svg.add(city_wall(700, W + 20, 700, 930, wall_col, course=mix(wall_col, INK, 0.2), rng=rng, broken=0.3))
    svg.add(gate_tower(1450, 700, 520, fill_wall=mix(WALL, INK2, 0.4), roof=INK, post=RED_D, dark=INK))
    svg.add(path("M1370,930 L1370,820 A80,80 0 0 1 1530,820 L1530,930 Z", INK))
    for i, x in enumerate((900, 1000, 1780, 1880)):
        svg.add(person(x, 690, 100, 1 if i < 2 else -1, "stand", "jacket", "helmet", INK, RED, "rifle_ground",
                       light=wall_col))
    svg.add(fire(rng, 1840, 930, 90))
    svg.add(rect(0, 925, W, H, mix(STONE, INK2, 0.55)))
    svg.add(rect(0, 925, W, 10, mix(STONE, INK2, 0.7)))


@art("defence-of-hengyang", "1", "pano")
def s_defence_1(svg, rng, W, H):
    sky = [mix(STONE, GOLD_L, 0.45), mix(STONE, GOLD_L, 0.25), mix(STONE, GOLD, 0.25), mix(STONE, RED_D, 0.2)]
    svg.add(bands(W, [0, 300, 520, 700], sky))
    svg.add(sun(3300, 640, 130, RED))
    it, hills = hill(rng, -50, W + 50, 800, 260, mix(GREEN_LL, STONE, 0.4), H,
                     peaks=[(500, 300, 380), (1300, 180, 300), (2700, 220, 420), (3600, 280, 360)])
    svg.add(it)
    # pagoda on the southern hill
    px = 500
    py = hills.y(px) + 6
    for k in range(6):
        w = 70 - k * 8
        svg.add(rect(px - w * 0.32, py - 34 * (k + 1), w * 0.64, 34, mix(WALL, STONE, 0.3)))
        svg.add(cn_roof(px, py - 34 * k - 24, w, 16, INK2, flick=0.5, shadow=None, ornament=False))
    wall_col = mix(INK2, STONE, 0.4)
    svg.add(city_roofs(rng, 250, 3800, 900, 90, rows=3, wall=mix(WALL, STONE, 0.35), roof=mix(TILE, INK2, 0.2)))
    for x, hh, ln in ((800, 620, -0.35), (1500, 820, -0.45), (2150, 560, -0.3), (2900, 760, -0.4), (3500, 520, -0.3)):
        svg.add(smoke(rng, x, 880, hh, mix(INK2, STONE, 0.3 + (x % 3) * 0.08), lean=ln, curl=INK2,
                      w=hh * 0.13))
        svg.add(fire(rng, x, 905, 70))
    svg.add(city_wall(150, 3850, 930, 1130, wall_col, course=mix(wall_col, INK, 0.2), rng=rng, broken=0.25))
    for x in (150, 3850):
        svg.add(rect(x - 80, 900, 160, 230, mix(wall_col, INK, 0.15)))
    for x, w in ((1050, 360), (2500, 420)):
        svg.add(gate_tower(x, 930, w, fill_wall=mix(WALL, INK2, 0.35), roof=INK, post=RED_D, dark=INK))
        svg.add(path("M%s,1130 L%s,1040 A%s,%s 0 0 1 %s,1040 L%s,1130 Z" % (
            x - w * 0.14, x - w * 0.14, w * 0.14, w * 0.14, x + w * 0.14, x + w * 0.14), INK))
    for i in range(30):
        x = rng.uniform(200, 3800)
        svg.add(person(x, 918, 46, rng.choice([-1, 1]), rng.choice(["stand", "point"]), "jacket", "helmet", INK, RED,
                       "rifle_ground", light=wall_col))
    # the Xiang river
    svg.add(rect(0, 1130, W, 40, mix(STONE, INK2, 0.3)))
    svg.add(rect(0, 1170, W, H, mix(GREEN_LL, STONE, 0.35)))
    svg.add(water_lines(rng, 0, W, 1200, 1420, mix(GREEN_LL, PAPER, 0.35), 5, rows=6, dash=(60, 200)))
    for x in (700, 1900, 3200):
        svg.add(path("M%s,1300 L%s,1300 Q%s,1330 %s,1330 L%s,1330 Q%s,1330 %s,1300 Z" % (
            x - 90, x + 90, x + 80, x + 50, x - 50, x - 80, x - 90), INK2))
        svg.add(path("M%s,1296 Q%s,1268 %s,1296 Z" % (x - 40, x, x + 40), mix(INK2, STONE, 0.3)))
    svg.add(path(smooth_d([(-50, 1440), (800, 1410), (1800, 1450), (2800, 1420), (4050, 1440)]) +
                 " L4050,1510 L-50,1510 Z", mix(GREEN_D, INK2, 0.5)))


@art("defence-of-hengyang", "2", "p34")
def s_defence_2(svg, rng, W, H):
    sky = [mix(STONE, RED_D, 0.35), mix(STONE, RED, 0.3), mix(STONE, GOLD, 0.35)]
    svg.add(bands(W, [0, 520, 900], sky))
    svg.add(sun(640, 820, 250, RED, (RED, 2, 36, 4)))
    svg.add(smoke(rng, 200, 1100, 900, mix(INK2, STONE, 0.3), lean=0.3, curl=INK2, w=120))
    svg.add(smoke(rng, 1080, 1150, 760, mix(INK2, STONE, 0.45), lean=-0.35, curl=INK2, w=110))
    wall_col = mix(INK2, STONE, 0.25)
    svg.add(rect(-20, 1120, W + 40, H, wall_col))
    svg.add(brick_lines(-20, W + 20, 1160, H, mix(wall_col, INK, 0.3), 4, 9))
    merl = [(-20, 980, 140), (220, 1040, 120), (420, 1000, 150), (760, 1060, 90), (930, 990, 150)]
    for x, top, w in merl:
        svg.add(rect(x, top, w, 1130 - top, wall_col))
    svg.add(poly([(620, 1120), (660, 1080), (700, 1100), (740, 1070), (760, 1120)], wall_col))
    svg.add(person(560, 1125, 560, 1, "stand", "jacket", "helmet", INK, RED, "rifle_ground", light=wall_col,
                   arms=[(8, 30), (-4, 0)]))
    svg.add(person(300, 1132, 330, 1, "point", "jacket", "helmet", INK2, RED, "rifle_back", light=wall_col))
    svg.add(person(930, 1130, 360, -1, "kneel", "jacket", "helmet", INK2, RED, None, light=wall_col))
    svg.add(line(980, 1020, 1180, 950, INK2, 12))


@art("defence-of-hengyang", "3", "p32")
def s_defence_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(PAPER, GREEN_LL, 0.1)))
    svg.add(sun(1380, 260, 110, mix(GOLD_L, PAPER, 0.2)))
    for i, (x, y) in enumerate(((400, 250), (520, 200), (640, 260))):
        svg.add(geese(rng, x + 200, y, 1, 24, mix(INK2, PAPER, 0.4)))
    it, g = hill(rng, -50, W + 50, 1060, 220, GREEN_L, H, peaks=[(900, 240, 760)])
    svg.add(it)
    for x, hh in ((470, 330), (1330, 330), (300, 260), (1500, 260)):
        svg.add(pine(x, g.y(x) + 40, hh, GREEN_D, random.Random(int(x)), tiers=4, light=GREEN))
    # the memorial tower: stepped base, square shaft, shell-shaped top
    top = g.y(900)
    base = top + 10
    svg.add(rect(720, base - 60, 360, 60, STONE), rect(760, base - 110, 280, 50, mix(STONE, PAPER, 0.3)))
    svg.add(poly([(830, base - 110), (970, base - 110), (955, base - 560), (845, base - 560)], WALL))
    svg.add(poly([(830, base - 110), (860, base - 110), (852, base - 560), (845, base - 560)], mix(WALL, STONE, 0.4)))
    svg.add(path("M845,%s L955,%s C955,%s 930,%s 900,%s C870,%s 845,%s 845,%s Z" % (
        base - 560, base - 560, base - 640, base - 700, base - 730, base - 700, base - 640, base - 560), WALL))
    svg.add(rect(838, base - 575, 124, 18, mix(STONE, INK2, 0.2)))
    for k in range(8):
        y = base + k * 32
        w = 150 + k * 40
        svg.add(rect(900 - w / 2, y, w, 16, mix(PAPER2, STONE, 0.3 + 0.1 * (k % 2))))
    svg.add(rect(0, 1150, W, H, mix(GREEN, GREEN_L, 0.4)))
    for i, x in enumerate((640, 720, 1080, 1160)):
        svg.add(person(x, base + 60 + i % 2 * 10, 150, 1 if x < 900 else -1, "bow" if i % 2 else "hold", "jacket",
                       None, INK, RED, "bouquet" if not i % 2 else None, light=GREEN_L))


# --- 10 party-history-museum ---------------------------------------------------------
GLASS = mix(GREEN_LL, INK2, 0.3)


def museum(cx, base, w, lit=None, glass=GLASS):
    """A modern museum: long white volume, glass band with fins, tall red portal."""
    h = w * 0.26
    x0, x1 = cx - w / 2, cx + w / 2
    items = [rect(x0, base - h, w, h, WALL), rect(x0 - w * 0.01, base - h - w * 0.012, w * 1.02, w * 0.014, STONE)]
    gy0 = base - h * 0.62
    items.append(rect(x0 + w * 0.03, gy0, w * 0.94, h * 0.62, lit or glass))
    n = 28
    for i in range(n + 1):
        x = x0 + w * 0.03 + w * 0.94 * i / n
        items.append(line(x, gy0, x, base, mix(WALL, STONE, 0.4), w * 0.004, cap="butt"))
    items.append(rect(x0 + w * 0.03, gy0 - w * 0.006, w * 0.94, w * 0.01, mix(WALL, STONE, 0.5)))
    # upper band of vertical slots
    for i in range(20):
        x = x0 + w * 0.06 + w * 0.88 * i / 19
        items.append(rect(x - w * 0.004, base - h * 0.92, w * 0.008, h * 0.22, mix(WALL, STONE, 0.35)))
    # red portal
    pw, ph = w * 0.2, h * 1.45
    items.append(rect(cx - pw / 2, base - ph, pw, ph, RED_D))
    items.append(rect(cx - pw * 0.34, base - ph * 0.78, pw * 0.68, ph * 0.78, lit or mix(glass, INK2, 0.2)))
    items.append(rect(cx - pw / 2, base - ph, pw, ph * 0.06, RED))
    for k in range(4):
        items.append(rect(cx - pw / 2 - w * 0.06 - k * w * 0.03, base - w * 0.012 * (k + 1), pw + w * 0.12 + k * w * 0.06,
                          w * 0.012, mix(PAPER2, STONE, 0.25 + 0.1 * (k % 2))))
    return items


def audience_backs(rng, x0, x1, y, s, col):
    items = []
    x = x0
    while x < x1:
        hh = s * rng.uniform(0.95, 1.05)
        items.append(path("M%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s Z" % (
            f(x - hh * 0.75), f(y + 260), f(x - hh * 0.8), f(y + hh * 0.55), f(x - hh * 0.35), f(y + hh * 0.45),
            f(x + hh * 0.35), f(y + hh * 0.45), f(x + hh * 0.8), f(y + hh * 0.55), f(x + hh * 0.75), f(y + 260)), col))
        items.append(circle(x, y, hh * 0.36, col))
        x += hh * rng.uniform(1.45, 1.7)
    return items


def note(x, y, s, col, kind="eighth", rot=-20):
    items = [ellipse(x, y, s * 0.55, s * 0.38, col, extra='transform="rotate(%d %s %s)"' % (rot, f(x), f(y)))]
    sx = x + s * 0.48
    items.append(line(sx, y - s * 0.1, sx, y - s * 2.4, col, s * 0.14, cap="butt"))
    if kind == "eighth":
        items.append(path("M%s,%s Q%s,%s %s,%s Q%s,%s %s,%s" % (
            f(sx), f(y - s * 2.4), f(sx + s * 0.2), f(y - s * 1.6), f(sx + s * 0.9), f(y - s * 1.5),
            f(sx + s * 0.5), f(y - s * 1.6), f(sx), f(y - s * 1.95)), col))
    return items


def note_pair(x, y, s, col, dy=-0.4):
    items = note(x, y, s, col, "quarter") + note(x + s * 1.8, y + dy * s, s, col, "quarter")
    sx0, sx1 = x + s * 0.48, x + s * 1.8 + s * 0.48
    items.append(poly([(sx0 - s * 0.07, y - s * 2.4), (sx1 + s * 0.07, y + dy * s - s * 2.4),
                       (sx1 + s * 0.07, y + dy * s - s * 2.05), (sx0 - s * 0.07, y - s * 2.05)], col))
    return items


@art("party-history-museum", "cover", "cover")
def s_museum_cover(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(PAPER, PAPER2, 0.3)))
    svg.add(cloud(700, 180, 360, WALL, mix(PAPER2, GOLD, 0.4), rng))
    svg.add(cloud(1700, 120, 260, WALL, mix(PAPER2, GOLD, 0.4), rng))
    for x, hh in ((760, 420), (1880, 400)):
        svg.add(round_tree(x, 800, hh, [GREEN, GREEN_L, GREEN_D], random.Random(int(x))))
    svg.add(museum(1300, 820, 1200))
    svg.add(rect(0, 815, W, H, PAPER2))
    svg.add(rect(0, 815, W, 8, mix(PAPER2, STONE, 0.4)))

    svg.add(person(1000, 1010, 230, 1, "point", "jacket", None, INK, RED, None, kid=True, scarf="kid", hair="bob",
                   arms=[(120, 135), (-4, 0)]))
    for i, x in enumerate((1150, 1240, 1330, 1420, 1520, 1620, 1720)):
        kid = i in (1, 4)
        svg.add(person(x, 1000 + (i % 2) * 18, 230 if not kid else 170, -1, "stand", "jacket", None,
                       mix(INK, PAPER2, 0.06 * (i % 3)), RED, None, kid=kid, scarf="kid" if kid else None,
                       hair=rng.choice([None, "bob", "bun"]), light=PAPER2))


@art("party-history-museum", "1", "p32")
def s_museum_1(svg, rng, W, H):
    svg.add(bands(W, [0, 300, 520], [mix(RED_D, INK2, 0.2), mix(RED, GOLD, 0.35), mix(GOLD_L, PAPER, 0.2)]))
    svg.add(sun(300, 620, 110, GOLD_L))
    it, _ = hill(rng, -50, W + 50, 640, 100, mix(GREEN_L, RED_D, 0.2), H, n=5)
    svg.add(it)
    svg.add(museum(980, 790, 1280, lit=mix(GOLD_L, GOLD, 0.3)))
    svg.add(rect(0, 785, W, H, mix(PAPER2, STONE, 0.2)))
    # a long queue winding across the plaza
    q = [(1000, 800), (1300, 860), (1500, 930), (1200, 1000), (700, 1040), (300, 1110), (-40, 1190)]
    dense = catmull(q)
    for i in range(44):
        (x, y), (dx, dy) = along(dense, 0.02 + 0.96 * i / 43)
        hh = 70 + (y - 800) * 0.55
        kid = rng.random() < 0.25
        svg.add(person(x, y, hh * (0.72 if kid else 1), -1 if dx > 0 else 1, walk_pose(rng.random(), 10, 2),
                       "jacket", None, mix(INK, RED_D, 0.15), RED, None, kid=kid, scarf="kid" if kid else None,
                       hair=rng.choice([None, "bob", "bun"]), light=PAPER2))


@art("party-history-museum", "2", "p32")
def s_museum_2(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(RED_D, INK2, 0.3)))
    svg.add(rect(0, 930, W, H, mix(RED_D, INK, 0.55)))
    svg.add(rect(0, 920, W, 12, GOLD))
    # flowing staff with notes
    for k in range(5):
        pts = [(-40, 300 + k * 26), (400, 220 + k * 26), (900, 330 + k * 26), (1400, 200 + k * 26), (1850, 280 + k * 26)]
        svg.add(path(smooth_d(pts), None, stroke=mix(GOLD, RED_D, 0.35), sw=4))
    dense = catmull([(-40, 300), (400, 220), (900, 330), (1400, 200), (1850, 280)])
    for i in range(11):
        (x, y), _ = along(dense, 0.05 + 0.085 * i)
        yy = y + 26 * (1 + (i * 3) % 4) * 0.9
        if i % 3 == 1:
            svg.add(note_pair(x, yy, 26, GOLD_L))
        else:
            svg.add(note(x, yy, 28, GOLD_L if i % 2 else PAPER, "eighth" if i % 2 else "quarter"))
    # choir and piano on the left
    svg.add(rect(60, 760, 640, 170, mix(RED_D, INK, 0.3)))
    for r, y in enumerate((760, 840)):
        for i in range(5):
            svg.add(person(120 + i * 110 + r * 50, y + 20 * r, 190, 1, "attention", "jacket", None, mix(INK, RED_D, 0.1 * (1 - r)),
                           RED, None, front=True, scarf="kid", kid=True, hair=rng.choice([None, "bob"]),
                           light=RED_D))
    svg.add(rect(740, 760, 260, 90, INK), rect(740, 760, 260, 18, PAPER), rect(760, 850, 20, 80, INK),
            rect(960, 850, 20, 80, INK))
    for i in range(10):
        svg.add(line(750 + i * 25, 760, 750 + i * 25, 778, INK, 3, cap="butt"))
    svg.add(person(720, 930, 250, 1, "write", "jacket", None, INK, RED, None, arms=[(70, 95), (65, 90)], lean=8))
    # sand table on the right
    svg.add(rect(1120, 760, 600, 40, mix(GOLD, INK2, 0.45)), rect(1150, 800, 30, 130, mix(GOLD, INK2, 0.45)),
            rect(1660, 800, 30, 130, mix(GOLD, INK2, 0.45)))
    svg.add(path("M1130,762 Q1200,690 1270,740 Q1330,650 1420,730 Q1500,680 1560,740 Q1640,700 1710,762 Z", GREEN_L))
    svg.add(path("M1180,758 Q1300,745 1420,756 Q1550,748 1690,758", None, stroke=PAPER, sw=8))
    for x in (1240, 1400, 1580):
        svg.add(line(x, 735, x, 700, INK2, 3), poly([(x, 700), (x + 22, 707), (x, 714)], RED))
    svg.add(person(1080, 930, 200, 1, "reach", "jacket", None, INK, RED, None, kid=True, scarf="kid",
                   arms=[(80, 100), (-4, 0)]))
    for i, x in enumerate((1780, 1860)):
        svg.add(person(x, 930, 200 if i else 260, -1, "point" if not i else "stand", "jacket", None, INK, RED,
                       None, kid=bool(i), scarf="kid" if i else None, hair="bob"))
    svg.add(audience_backs(rng, 40, W, 1040, 78, mix(INK, RED_D, 0.25)))
    svg.add(audience_backs(rng, -20, W, 1130, 92, INK))


@art("party-history-museum", "3", "p32")
def s_museum_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(PAPER, PAPER2, 0.5)))
    svg.add(rect(0, 0, W, 60, mix(PAPER2, STONE, 0.3)))
    svg.add(rect(0, 880, W, H, mix(PAPER2, STONE, 0.35)))
    svg.add(rect(0, 870, W, 12, RED_D))
    # three framed pictures on the gallery wall
    frames = [(180, 200, 420, 320), (700, 160, 460, 400), (1260, 200, 400, 320)]
    for i, (x, y, w, h) in enumerate(frames):
        svg.add(rect(x - 16, y - 16, w + 32, h + 32, mix(GOLD, INK2, 0.3)))
        clip = svg.clip_path(poly_d([(x, y), (x + w, y), (x + w, y + h), (x, y + h)]))
        rr = random.Random(i)
        if i == 0:
            inner = [rect(x, y, w, h, PAPER), hill(rr, x - 10, x + w + 10, y + h * 0.7, h * 0.4, GREEN_L, y + h + 10)[0],
                     guild_hall(x + w * 0.5, y + h * 0.85, w * 0.5)]
        elif i == 1:
            inner = [rect(x, y, w, h, mix(GOLD_L, PAPER, 0.3)), circle(x + w * 0.7, y + h * 0.35, h * 0.14, RED),
                     hill(rr, x - 10, x + w + 10, y + h * 0.8, h * 0.45, mix(GREEN, RED_D, 0.2), y + h + 10,
                          kind="peak", n=4)[0]]
            for k in range(6):
                inner.append(person(x + w * (0.15 + 0.1 * k), y + h * 0.9, h * 0.22, 1, walk_pose(k * 0.2, 18, 8),
                                    "jacket", "cap8", INK, RED, "flag" if k == 1 else "rifle_back", light=GREEN))
        else:
            inner = [rect(x, y, w, h, mix(RED_D, INK2, 0.2)), headframe(x + w * 0.4, y + h * 0.95, h * 0.7, mix(GOLD, INK2, 0.3))]
        svg.add(group(inner, clip=clip))
        svg.add(rect(x + w * 0.3, y + h + 40, w * 0.4, 26, mix(PAPER2, STONE, 0.5)))
    # the red-scarf guide and her listeners
    svg.add(person(620, 1060, 300, 1, "point", "jacket", None, INK, RED, None, kid=True, scarf="kid", hair="bob",
                   arms=[(128, 140), (-4, 0)]))
    svg.add(person(470, 1060, 290, 1, "stand", "jacket", None, INK2, RED, None, kid=True, scarf="kid"))
    for i, x in enumerate((860, 980, 1090, 1220, 1340, 1470, 1590)):
        kid = i in (2, 5)
        svg.add(person(x, 1070 + (i % 2) * 25, 330 if not kid else 230, -1, "stand", "jacket" if i != 3 else "coat",
                       None, mix(INK, PAPER2, 0.05 * (i % 3)), RED, None, kid=kid, scarf="kid" if kid else None,
                       hair=rng.choice([None, "bob", "bun"]), light=PAPER2))


# --- 11 civilisation-practice ---------------------------------------------------------
def camphor(rng, x, y, h, dark=GREEN_D, mid=GREEN, light=GREEN_L, trunk=None):
    """Great old camphor tree (香樟) of the village square: thick trunk, spreading limbs, broad crown."""
    trunk = trunk or mix(INK2, GREEN_D, 0.3)
    items = []
    tw = h * 0.09
    items.append(path("M%s,%s C%s,%s %s,%s %s,%s L%s,%s C%s,%s %s,%s %s,%s Z" % (
        f(x - tw * 1.8), f(y), f(x - tw * 0.6), f(y - h * 0.12), f(x - tw * 0.9), f(y - h * 0.3),
        f(x - tw * 0.7), f(y - h * 0.45), f(x + tw * 0.7), f(y - h * 0.45), f(x + tw * 0.8), f(y - h * 0.3),
        f(x + tw * 0.6), f(y - h * 0.12), f(x + tw * 1.8), f(y)), trunk))
    for s in (-1, 1):
        items.append(path(smooth_d([(x, y - h * 0.4), (x + s * h * 0.18, y - h * 0.52), (x + s * h * 0.34, y - h * 0.6)]),
                          None, stroke=trunk, sw=tw * 0.7, cap="round"))
        items.append(path(smooth_d([(x, y - h * 0.42), (x + s * h * 0.1, y - h * 0.6), (x + s * h * 0.16, y - h * 0.7)]),
                          None, stroke=trunk, sw=tw * 0.5, cap="round"))
    cy = y - h * 0.7
    disks = []
    for i in range(22):
        a = rng.uniform(0, 2 * math.pi)
        rr = rng.uniform(0.2, 1.0) ** 0.7
        disks.append((x + math.cos(a) * h * 0.52 * rr, cy + math.sin(a) * h * 0.17 * rr - h * 0.04,
                      h * rng.uniform(0.13, 0.19)))
    disks.sort(key=lambda d: d[1])
    for (dx, dy, r) in disks:
        items.append(circle(dx, dy + r * 0.18, r, dark))
    for (dx, dy, r) in disks:
        items.append(circle(dx, dy, r * 0.95, mid))
    for (dx, dy, r) in disks:
        if dy < cy:
            items.append(path("M%s,%s A%s,%s 0 0 1 %s,%s" % (f(dx - r * 0.55), f(dy - r * 0.2), f(r * 0.6), f(r * 0.6),
                                                             f(dx + r * 0.4), f(dy - r * 0.5)),
                              None, stroke=light, sw=h * 0.008, cap="round"))
    return items


def stool(x, y, s, col):
    return [rect(x - s * 0.5, y - s * 0.55, s, s * 0.12, col), rect(x - s * 0.42, y - s * 0.45, s * 0.1, s * 0.45, col),
            rect(x + s * 0.32, y - s * 0.45, s * 0.1, s * 0.45, col)]


@art("civilisation-practice", "cover", "cover")
def s_civ_cover(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(GREEN_LL, PAPER, 0.45)))
    svg.add(sun(420, 260, 80, mix(GOLD_L, PAPER, 0.2)))
    it, _ = hill(rng, -50, W + 50, 700, 180, mix(GREEN_LL, PAPER, 0.15), H, n=6)
    svg.add(it)
    svg.add(village(rng, 700, 1150, 830, 90, n=4))
    svg.add(village(rng, 1650, 1950, 830, 90, n=3))
    svg.add(rect(0, 820, W, H, mix(PAPER2, GREEN_LL, 0.35)))
    svg.add(camphor(rng, 1520, 860, 700))
    svg.add(village(rng, 250, 620, 830, 80, n=3))
    for x, L in ((1300, 90), (1420, 60), (1650, 80), (1760, 100)):
        svg.add(line(x, 560, x, 560 + L, INK2, 2), ellipse(x, 560 + L + 20, 14, 19, RED),
                rect(x - 6, 560 + L + 37, 12, 5, GOLD))
    col = mix(GOLD, INK2, 0.5)
    for i, (x, s) in enumerate(((1010, 1), (1080, 1), (1150, 1), (1310, -1), (1380, -1))):
        svg.add(stool(x - s * 6, 890 + (i % 2) * 8, 36, col))
        svg.add(person(x, 890 + (i % 2) * 8, 125, s, "sit", "jacket", rng.choice([None, None, "towel"]), INK, RED,
                       None, hair=rng.choice([None, "bun"]), light=GREEN_LL))
    svg.add(person(1230, 900, 150, 1, "speak", "jacket", None, INK, RED, None, front=True,
                   arms=[(10, 5), (120, 150)]))


@art("civilisation-practice", "1", "p43")
def s_civ_1(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER2))
    # rounded hills of the county seen from above
    for _ in range(14):
        x, y = rng.uniform(0, W), rng.uniform(100, H - 80)
        r = rng.uniform(70, 150)
        svg.add(ellipse(x, y, r * 1.4, r * 0.7, mix(GREEN_LL, PAPER2, 0.35)))
        svg.add(ellipse(x, y - r * 0.1, r * 0.9, r * 0.42, mix(GREEN_L, PAPER2, 0.35)))
    svg.add(stream([(-40, 260), (400, 380), (700, 560), (1000, 700), (1300, 900), (1650, 1000)], 50, 110,
                   mix(GREEN_LL, PAPER, 0.5)))
    hubs = {"county": (800, 620)}
    towns = [(380, 330), (1250, 330), (1300, 880), (350, 930), (800, 1050)]
    villages = []
    for tx, ty in towns:
        for k in range(4):
            a = rng.uniform(0, 2 * math.pi)
            d = rng.uniform(130, 220)
            villages.append(((tx, ty), (tx + math.cos(a) * d, ty + math.sin(a) * d * 0.8)))
    gold = mix(GOLD, INK2, 0.15)

    def dotted(a, b, sw, gap):
        return line(a[0], a[1], b[0], b[1], gold, sw, cap="round", op=None).replace(
            "/>", ' stroke-dasharray="%s %s"/>' % (f(sw * 0.1), f(gap)))
    for t, v in villages:
        svg.add(dotted(t, v, 7, 18))
    for t in towns:
        svg.add(dotted(hubs["county"], t, 12, 26))
    for t, (vx, vy) in villages:
        svg.add(front_house(vx, vy + 20, 80, 44, lines=False, windows=0, hood=False))
        svg.add(line(vx + 30, vy - 40, vx + 30, vy - 85, INK2, 3), poly([(vx + 30, vy - 85), (vx + 60, vy - 76),
                                                                            (vx + 30, vy - 67)], RED))
    for tx, ty in towns:
        svg.add(circle(tx, ty, 80, mix(GOLD_L, PAPER, 0.3)))
        svg.add(gable_house(tx - 30, ty + 30, 70, 60, steps=1, win=False))
        svg.add(front_house(tx + 35, ty + 34, 90, 52, lines=False, windows=0))
        svg.add(line(tx, ty - 60, tx, ty - 130, INK2, 4), flag_cloth(tx, ty - 128, 50, 32, -1, RED))
    cx, cy = hubs["county"]
    svg.add(circle(cx, cy, 150, mix(GOLD_L, PAPER, 0.1)), circle(cx, cy, 150, None, stroke=GOLD, sw=6))
    svg.add(museum(cx, cy + 70, 230))
    svg.add(line(cx + 80, cy - 40, cx + 80, cy - 160, INK2, 5), flag_cloth(cx + 80, cy - 158, 80, 50, -1, RED))


@art("civilisation-practice", "2", "p32")
def s_civ_2(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, mix(PAPER, GOLD_L, 0.15)))
    it, _ = hill(rng, -50, W + 50, 600, 160, GREEN_LL, H, n=5)
    svg.add(it)
    svg.add(front_house(1400, 800, 700, 300, windows=2))
    svg.add(gable_house(1000, 800, 300, 260))
    svg.add(rect(0, 790, W, H, mix(PAPER2, GREEN_LL, 0.25)))
    svg.add(camphor(rng, 600, 900, 960))
    # the house-yard talk: villagers on stools in a ring, one speaks
    col = mix(GOLD, INK2, 0.5)
    svg.add(rect(850, 960, 220, 18, col), rect(870, 978, 16, 80, col), rect(1034, 978, 16, 80, col))
    svg.add(rect(905, 930, 36, 30, PAPER), rect(960, 938, 26, 22, PAPER))
    seats = [(300, 1000, 1, 230), (450, 1040, 1, 240), (620, 1080, 1, 250), (1250, 1000, -1, 230), (1400, 1040, -1, 240),
             (1560, 1090, -1, 250)]
    for i, (x, y, s, hh) in enumerate(seats):
        svg.add(stool(x - s * 10, y, hh * 0.3, col))
        svg.add(person(x, y, hh, s, "sit_talk" if i % 3 == 1 else "sit", "jacket", rng.choice([None, "towel"]),
                       mix(INK, GREEN, 0.08 * (i % 3)), RED, None, hair=rng.choice([None, "bun", "bob"]),
                       light=PAPER2))
    svg.add(person(960, 1140, 330, 1, "speak", "jacket", None, INK, RED, None, front=True,
                   arms=[(8, 4), (120, 150)]))
    svg.add(person(780, 1160, 200, 1, "stand", "jacket", None, INK2, RED, None, kid=True, scarf="kid"))


@art("civilisation-practice", "3", "p32")
def s_civ_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, INK2))
    for _ in range(40):
        svg.add(circle(rng.uniform(0, W), rng.uniform(0, 500), rng.uniform(1.5, 3.5), mix(PAPER, GOLD_L, 0.5)))
    svg.add(circle(1550, 180, 60, mix(PAPER, GOLD_L, 0.4)))
    it, _ = hill(rng, -50, W + 50, 620, 180, mix(INK2, GREEN, 0.25), H, n=5)
    svg.add(it)
    wall = mix(WALL, INK2, 0.45)
    svg.add(rect(120, 330, 1560, 560, wall))
    svg.add(tiled_roof(120, 1680, 330, 130, mix(TILE, INK, 0.4), lines=True))
    svg.add(rect(0, 880, W, H, mix(INK2, GREEN, 0.2)))
    # big lit window into the classroom
    wx0, wy0, wx1, wy1 = 300, 420, 1500, 820
    svg.add(rect(wx0 - 20, wy0 - 20, wx1 - wx0 + 40, wy1 - wy0 + 40, mix(wall, INK, 0.3)))
    clip = svg.clip_path(poly_d([(wx0, wy0), (wx1, wy0), (wx1, wy1), (wx0, wy1)]))
    inner = [rect(wx0, wy0, wx1 - wx0, wy1 - wy0, mix(GOLD_L, PAPER, 0.2)),
             circle(900, wy0 + 40, 260, GOLD_L, op=0.6),
             rect(wx0 + 60, wy0 + 70, 380, 220, mix(GREEN_D, INK2, 0.4)),
             rect(wx0 + 50, wy0 + 60, 400, 240, None, stroke=mix(GOLD, INK2, 0.4), sw=10)]
    inner.append(line(900, wy0, 900, wy0 + 70, INK2, 4))
    inner.append(path("M860,%s L940,%s L920,%s L880,%s Z" % (wy0 + 70, wy0 + 70, wy0 + 110, wy0 + 110), INK2))
    inner.append(circle(900, wy0 + 118, 14, GOLD))
    inner.append(person(wx0 + 520, wy1 + 4, 300, -1, "point", "jacket", None, INK, RED, None, hair="bob",
                        arms=[(120, 135), (-4, 0)]))
    for r in range(2):
        for i in range(4):
            x = wx0 + 700 + i * 190 + r * 60
            y = wy1 + 10 + r * 30
            inner.append(rect(x - 60, y - 110, 150, 14, mix(GOLD, INK2, 0.5)))
            inner.append(person(x, y, 260, -1, "write", "jacket", rng.choice([None, "towel"]),
                                mix(INK, RED_D, 0.1 * r), RED, None, hair=rng.choice([None, "bun"]),
                                arms=[(60, 95), (50, 90)], lean=12))
    svg.add(group(inner, clip=clip))
    for i in range(1, 4):
        x = wx0 + (wx1 - wx0) * i / 4
        svg.add(line(x, wy0, x, wy1, mix(wall, INK, 0.3), 14, cap="butt"))
    svg.add(poly([(wx0, wy1 + 20), (wx1, wy1 + 20), (wx1 + 120, H), (wx0 - 160, H)], GOLD_L, op=0.12))
    svg.add(oil_lamp(1640, 700, 50))
    svg.add(rect(1590, 700, 100, 14, INK))


# --- 12 red-sites -------------------------------------------------------------------------
def memorial_tower(cx, base, s, wall=WALL, stone=STONE):
    return [rect(cx - 180 * s, base - 60 * s, 360 * s, 60 * s, stone),
            rect(cx - 140 * s, base - 110 * s, 280 * s, 50 * s, mix(stone, PAPER, 0.3)),
            poly([(cx - 70 * s, base - 110 * s), (cx + 70 * s, base - 110 * s), (cx + 55 * s, base - 560 * s),
                  (cx - 55 * s, base - 560 * s)], wall),
            path("M%s,%s L%s,%s C%s,%s %s,%s %s,%s C%s,%s %s,%s %s,%s Z" % (
                f(cx - 55 * s), f(base - 560 * s), f(cx + 55 * s), f(base - 560 * s), f(cx + 55 * s), f(base - 640 * s),
                f(cx + 30 * s), f(base - 700 * s), f(cx), f(base - 730 * s), f(cx - 30 * s), f(base - 700 * s),
                f(cx - 55 * s), f(base - 640 * s), f(cx - 55 * s), f(base - 560 * s)), wall),
            rect(cx - 62 * s, base - 575 * s, 124 * s, 18 * s, mix(stone, INK2, 0.2))]


def school_gate(cx, base, w, wall=WALL, dark=INK2, trim=STONE):
    """Old school gateway in the Republican style: pillars, arch and pediment."""
    h = w * 0.75
    items = [rect(cx - w / 2, base - h, w, h, wall)]
    items.append(path("M%s,%s L%s,%s A%s,%s 0 0 1 %s,%s L%s,%s Z" % (
        f(cx - w * 0.2), f(base), f(cx - w * 0.2), f(base - h * 0.5), f(w * 0.2), f(w * 0.2), f(cx + w * 0.2),
        f(base - h * 0.5), f(cx + w * 0.2), f(base)), dark))
    for s in (-1, 1):
        items.append(rect(cx + s * w * 0.36 - w * 0.06, base - h * 1.05, w * 0.12, h * 1.05, trim))
        items.append(rect(cx + s * w * 0.36 - w * 0.08, base - h * 1.1, w * 0.16, h * 0.06, mix(trim, INK2, 0.3)))
    items.append(poly([(cx - w * 0.52, base - h), (cx, base - h * 1.32), (cx + w * 0.52, base - h)], trim))
    items.append(poly([(cx - w * 0.4, base - h * 1.02), (cx, base - h * 1.24), (cx + w * 0.4, base - h * 1.02)], wall))
    items.append(circle(cx, base - h * 1.1, w * 0.05, RED_D))
    items.append(rect(cx - w * 0.55, base - h - w * 0.02, w * 1.1, w * 0.04, mix(trim, INK2, 0.3)))
    return items


def site_badge(x, y, r, icon, ring=RED_D, fill=PAPER2):
    return [circle(x, y + r * 0.08, r, mix(ring, INK, 0.4)), circle(x, y, r, fill),
            circle(x, y, r, None, stroke=ring, sw=r * 0.09), circle(x, y, r * 0.86, None, stroke=GOLD, sw=r * 0.025),
            group(icon, clip=None)]


def site_icon(kind, x, y, r):
    """A small pictogram of a site drawn inside a badge centred at (x, y)."""
    b = y + r * 0.5
    if kind == "hall":
        return guild_hall(x, b, r * 1.0)
    if kind == "stage":
        return opera_stage(x, b, r * 0.95)
    if kind == "mine":
        return headframe(x - r * 0.25, b, r * 1.1, INK2)
    if kind == "statue":
        return statue(x, b, r * 1.35)
    if kind == "museum":
        return museum(x, b - r * 0.1, r * 1.5)
    if kind == "house":
        return front_house(x, b, r * 1.2, r * 0.55, lines=False, windows=2)
    if kind == "tower":
        return memorial_tower(x, b, r * 1.2 / 730)
    if kind == "school":
        return school_gate(x, b, r * 0.9)
    if kind == "temple":
        return temple(x, b - r * 0.1, r * 1.1)
    if kind == "gate":
        return [rect(x - r * 0.8, b - r * 0.5, r * 1.6, r * 0.5, STONE),
                gate_tower(x, b - r * 0.5, r * 1.1, fill_wall=WALL, roof=TILE_D)]
    if kind == "flag":
        return [line(x - r * 0.3, b, x - r * 0.3, y - r * 0.6, INK2, r * 0.06),
                flag_cloth(x - r * 0.3, y - r * 0.58, r * 0.8, r * 0.5, -1, RED)]
    return []


@art("red-sites", "cover", "cover")
def s_sites_cover(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, RED_D))
    svg.add(circle(1380, 460, 560, mix(RED_D, RED, 0.35)))
    pts_r = ridge_pts(rng, 1000, 1800, 300, 220, kind="peak", steps=60,
                      peaks=[(1200, 170, 200), (1420, 230, 240), (1640, 160, 200)])
    pts_r = [(x, y) for x, y in pts_r if y < 299]
    svg.add(path(smooth_d(pts_r), None, stroke=GOLD, sw=8, cap="round", join="round"))
    svg.add(stream([(760, -40), (980, 260), (1200, 420), (1500, 560), (1700, 760), (1980, 1100)], 50, 120,
                   mix(GOLD_L, RED_D, 0.35)))
    pts = [(1000, 420), (1250, 560), (1480, 420), (1620, 640), (1820, 560), (1560, 860), (1300, 820)]
    route = [(1000, 420), (1250, 560), (1480, 420), (1620, 640), (1820, 560)]
    svg.add(path(smooth_d(route), None, stroke=GOLD_L, sw=10, cap="round",
                 extra='stroke-dasharray="1 26"'))
    svg.add(path(smooth_d([(1250, 560), (1300, 820), (1560, 860), (1620, 640)]), None, stroke=GOLD, sw=10, cap="round",
                 extra='stroke-dasharray="1 26"'))
    kinds = ["hall", "school", "stage", "tower", "statue", "museum", "house"]
    for (x, y), kind in zip(pts, kinds):
        svg.add(site_badge(x, y, 82, site_icon(kind, x, y, 82), ring=GOLD, fill=PAPER))
    svg.add(star(1880, 130, 36, GOLD_L))


@art("red-sites", "1", "p32")
def s_sites_1(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER2))
    svg.add(rect(0, 980, W, H, mix(PAPER2, STONE, 0.3)))
    frames = [(80, 540), (630, 540), (1180, 540)]
    for i, (x, w) in enumerate(frames):
        top, bot = 170, 900
        d = "M%s,%s L%s,%s A%s,%s 0 0 1 %s,%s L%s,%s Z" % (x, bot, x, top + w / 2, w / 2, w / 2, x + w, top + w / 2,
                                                        x + w, bot)
        svg.add(path(d, None, stroke=RED_D, sw=40), path(d, None, stroke=GOLD, sw=6))
        clip = svg.clip_path(d)
        rr = random.Random(i + 40)
        sky = [mix(GOLD_L, PAPER, 0.3), mix(GREEN_LL, PAPER, 0.4), mix(RED, GOLD_L, 0.45)][i]
        inner = [rect(x, top, w, bot - top, sky)]
        inner.append(hill(rr, x - 10, x + w + 10, 620, 140, mix(GREEN_LL, PAPER, 0.1), bot + 10, n=3)[0])
        inner.append(rect(x, 780, w, 200, mix(PAPER2, STONE, 0.2)))
        cx = x + w / 2
        if i == 0:
            inner.append(guild_hall(cx, 790, 380))
            inner.append(sun(cx + 150, 330, 60, RED))
        elif i == 1:
            inner.append(round_tree(cx - 200, 790, 330, [GREEN, GREEN_L, GREEN_D], rr))
            inner.append(round_tree(cx + 200, 790, 300, [GREEN, GREEN_L, GREEN_D], rr))
            inner.append(school_gate(cx, 790, 300))
        else:
            inner.append(opera_stage(cx, 800, 380))
            inner.append(headframe(cx + 210, 650, 150, mix(GREEN_D, PAPER, 0.3)))
        svg.add(group(inner, clip=clip))
    for i in range(3):
        svg.add(rect(80 + i * 550 + 170, 1010, 200, 24, mix(PAPER2, RED_D, 0.5)))


@art("red-sites", "2", "poster")
def s_sites_2(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, PAPER))
    # rivers: the Xiang and its tributaries
    river = mix(GREEN_LL, PAPER, 0.35)
    svg.add(stream([(260, -60), (500, 300), (900, 520), (1300, 760), (1500, 1000), (1800, 1200), (2300, 1380),
                    (2700, 1700), (3100, 2100)], 90, 170, river, edge=mix(GREEN_LL, PAPER, 0.1), edge_w=6))
    svg.add(stream([(-60, 1100), (500, 1040), (1000, 1080), (1450, 980)], 50, 80, river))
    svg.add(stream([(1100, 2060), (1300, 1700), (1500, 1450), (1780, 1200)], 50, 90, river))
    svg.add(stream([(2200, -60), (2100, 300), (1900, 700), (1650, 1020)], 40, 70, river))
    # Mount Heng
    pk = [(2100, 330, 260), (2350, 420, 300), (2600, 320, 240), (1850, 240, 200)]
    it, r = hill(rng, 1550, 2950, 660, 420, mix(GREEN_L, PAPER, 0.2), 760, kind="peak", peaks=pk,
                 contour=(mix(GREEN_L, PAPER, 0.4), 3, 40, 5))
    svg.add(it)
    it, _ = hill(rng, 1550, 2950, 700, 220, GREEN_L, 760, kind="peak", n=5)
    svg.add(it)
    svg.add(temple(2350, r.y(2350) + 8, 120))
    for k in range(7):
        svg.add(cloud(1600 + k * 210, 770 + (k % 2) * 20, 300, PAPER, mix(GREEN_LL, PAPER, 0.3), random.Random(k)))
    # scattered hills
    for _ in range(26):
        x, y = rng.uniform(120, W - 120), rng.uniform(700, H - 120)
        s = rng.uniform(50, 100)
        svg.add(path("M%s,%s Q%s,%s %s,%s Q%s,%s %s,%s Z" % (f(x - s * 1.2), f(y), f(x - s * 0.4), f(y - s * 1.3),
                                                          f(x + s * 0.1), f(y - s * 0.9), f(x + s * 0.6), f(y - s * 1.2),
                                                          f(x + s * 1.2), f(y)), mix(GREEN_LL, PAPER, 0.3)))
    # city at the confluence
    cx, cy = 1500, 1000
    svg.add(rect(cx - 260, cy - 60, 520, 120, STONE, rx=10))
    svg.add(crenellations(cx - 260, cx + 260, cy - 60, 18, 20, STONE, 0.7))
    svg.add(gate_tower(cx - 120, cy - 60, 170, roof=TILE_D))
    svg.add(memorial_tower(cx + 130, cy - 60, 0.35))
    sites = {
        "hall": (1180, 860), "school": (1260, 1200), "museum": (1860, 880), "house": (700, 720),
        "statue": (2700, 1080), "stage": (2300, 1640), "mine": (2600, 1420), "temple": (2080, 780),
        "flag": (1050, 1620), "tower": (1700, 1320), "gate": (550, 1380), "house2": (2050, 1100),
    }
    routes = [
        (RED, ["hall", "school", "tower", "stage", "mine"]),
        (RED_D, ["house", "hall", "museum", "temple"]),
        (GOLD, ["gate", "school", "flag"]),
        (mix(GOLD, INK2, 0.35), ["museum", "house2", "statue"]),
        (GREEN_D, ["temple", "house2", "tower"]),
        (INK2, ["flag", "tower", "stage"]),
        (mix(RED, GOLD, 0.5), ["gate", "house", "hall"]),
    ]
    for col, names in routes:
        p = [sites[n] for n in names]
        mids = [p[0]]
        for a, b in zip(p, p[1:]):
            mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
            nx, ny = -(b[1] - a[1]), b[0] - a[0]
            L = math.hypot(nx, ny) or 1
            k = rng.uniform(-0.15, 0.15) * L
            mids.append((mx + nx / L * k, my + ny / L * k))
            mids.append(b)
        svg.add(path(smooth_d(mids), None, stroke=PAPER, sw=26, cap="round"))
        svg.add(path(smooth_d(mids), None, stroke=col, sw=14, cap="round", extra='stroke-dasharray="34 22"'))
    for name, (x, y) in sites.items():
        kind = name.rstrip("2")
        svg.add(site_badge(x, y, 95, site_icon(kind, x, y, 95)))
    # little groups of students on the routes
    for (x, y) in ((1350, 1420), (2000, 1500), (900, 820), (2400, 1000), (820, 1500)):
        for k in range(4):
            svg.add(person(x + k * 26, y + (k % 2) * 6, 70 if k else 84, 1, walk_pose(k * 0.25, 16, 4), "jacket", None,
                           INK, RED, "flag" if k == 0 else None, kid=k > 0, scarf="kid" if k > 0 else None))
    # compass rose, no letters
    kx, ky = 330, 1760
    for i in range(8):
        a = math.pi * i / 4 - math.pi / 2
        L = 120 if i % 2 == 0 else 70
        svg.add(poly([(kx, ky), (kx + math.cos(a - 0.22) * L * 0.35, ky + math.sin(a - 0.22) * L * 0.35),
                      (kx + math.cos(a) * L, ky + math.sin(a) * L)], RED_D if i % 2 == 0 else GOLD))
        svg.add(poly([(kx, ky), (kx + math.cos(a + 0.22) * L * 0.35, ky + math.sin(a + 0.22) * L * 0.35),
                      (kx + math.cos(a) * L, ky + math.sin(a) * L)], RED if i % 2 == 0 else GOLD_L))
    svg.add(circle(kx, ky, 16, PAPER), circle(kx, ky, 150, None, stroke=RED_D, sw=5))
    for x, y, w in ((600, 300, 380), (2700, 180, 300), (1000, 180, 260)):
        svg.add(cloud(x, y, w, PAPER2, mix(PAPER2, GOLD, 0.45), rng))
    # border in the manner of a printed map
    svg.add(rect(30, 30, W - 60, H - 60, None, stroke=RED_D, sw=22))
    svg.add(rect(62, 62, W - 124, H - 124, None, stroke=GOLD, sw=5))
    for (x, y) in ((62, 62), (W - 62, 62), (62, H - 62), (W - 62, H - 62)):
        svg.add(circle(x, y, 40, RED_D), circle(x, y, 20, GOLD))


@art("red-sites", "3", "p32")
def s_sites_3(svg, rng, W, H):
    svg.add(rect(0, 0, W, H, INK))
    # proscenium and curtains
    svg.add(rect(160, 120, 1480, 720, mix(GOLD_L, RED, 0.3)))
    clip = svg.clip_path(poly_d([(160, 120), (1640, 120), (1640, 840), (160, 840)]))
    sc = [rect(160, 120, 1480, 720, mix(GOLD_L, RED, 0.25)), sun(1150, 380, 120, GOLD_L)]
    sc.append(hill(rng, 140, 1660, 700, 360, mix(RED_D, GREEN, 0.4), 860, kind="peak",
                   peaks=[(500, 320, 360), (1000, 260, 300), (1400, 360, 340)])[0])
    sc.append(rect(160, 760, 1480, 80, mix(GOLD, INK2, 0.5)))
    for i in range(8):
        x = 380 + i * 130
        sc.append(person(x, 770, 240, 1, walk_pose(i * 0.22, 20, 12), "jacket", "miner", INK, RED,
                         "bigflag" if i == 1 else ("lamp" if i % 2 else "pick"), light=RED_D))
    svg.add(group(sc, clip=clip))
    cur = RED_D
    for s in (-1, 1):
        x0 = 160 if s < 0 else 1640
        pts = [(x0, 100), (x0 - s * 300, 100), (x0 - s * 250, 360), (x0 - s * 150, 620), (x0 - s * 200, 860), (x0, 860)]
        svg.add(path(smooth_d(pts[1:5]).replace("M", "M%s,%s L" % (f(x0), f(100)), 1) + " L%s,860 L%s,860 Z" % (
            f(x0 - s * 200), f(x0)), cur))
        for k in range(1, 4):
            svg.add(line(x0 - s * 60 * k, 110, x0 - s * (40 + 50 * k), 850, mix(cur, INK, 0.3), 5))
    svg.add(path("M140,90 L1660,90 L1660,200 Q1560,240 1450,200 Q1330,250 1200,200 Q1060,250 900,200 "
                 "Q740,250 600,200 Q470,250 350,200 Q240,240 140,200 Z", RED))
    svg.add(rect(120, 840, 1560, 40, mix(GOLD, INK2, 0.35)))
    svg.add(audience_backs(rng, 40, W, 980, 80, mix(INK2, RED_D, 0.2)))
    svg.add(audience_backs(rng, -20, W, 1090, 96, INK2))


# ---- end of scenes ----

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
