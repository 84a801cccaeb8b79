#!/usr/bin/env python3
"""Draws the two Teams app icons without any image library and writes them as PNG files.

    python3 manifest/icons/make-icons.py            # writes manifest/color.png and manifest/outline.png

color.png   192x192, full colour: a rounded square in Soest green-sandstone teal with a white lab flask.
outline.png  32x32, the same flask in white on a transparent background (Teams requires white or transparent only).

Shapes are described as signed distance functions and sampled 4x4 times per pixel for anti-aliasing.
The output is deterministic, so re-running the script produces byte-identical files.
"""
import math
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST_DIR = os.path.dirname(HERE)

# Soest is known for its green sandstone ("Soester Grünsandstein"); the palette is a calm teal-green from it.
# "accentColor" in manifest.json (#1F6F63) is taken from the middle of this gradient.
TOP = (0x2A, 0x8C, 0x7B)
BOTTOM = (0x17, 0x5C, 0x52)


# ---------- geometry ----------

def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = 0.0 if t < 0 else 1.0 if t > 1 else t
    ex, ey = px - (ax + t * dx), py - (ay + t * dy)
    return math.hypot(ex, ey)


def polygon_sdf(px, py, pts):
    """Signed distance to a simple polygon: negative inside."""
    d = float("inf")
    inside = False
    n = len(pts)
    for i in range(n):
        ax, ay = pts[i]
        bx, by = pts[(i + 1) % n]
        d = min(d, seg_dist(px, py, ax, ay, bx, by))
        if (ay > py) != (by > py):
            xcross = ax + (py - ay) * (bx - ax) / (by - ay)
            if px < xcross:
                inside = not inside
    return -d if inside else d


def rounded_rect_sdf(px, py, cx, cy, hw, hh, r):
    qx = abs(px - cx) - (hw - r)
    qy = abs(py - cy) - (hh - r)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - r


def circle_sdf(px, py, cx, cy, r):
    return math.hypot(px - cx, py - cy) - r


class Flask:
    """An Erlenmeyer flask in a unit box: x in [-0.5, 0.5], y in [0, 1] (y grows downwards)."""

    def __init__(self, stroke, gap, corner, bubbles, neck=0.13, liquid_top=0.60):
        self.stroke = stroke      # wall thickness, in unit-box units
        self.gap = gap            # space between wall and liquid
        self.corner = corner      # rounding of the outer corners
        self.bubbles = bubbles
        c = corner
        k = neck
        # The skeleton polygon is the outer shape shrunk by `corner`; the shape is {sdf < corner}.
        self.body = [
            (-k + c, 0.10), (k - c, 0.10),            # neck top (hidden under the rim)
            (k - c, 0.40),                            # right shoulder
            (0.46 - c, 0.96 - c),                     # right bottom corner
            (-0.46 + c, 0.96 - c),                    # left bottom corner
            (-k + c, 0.40),                           # left shoulder
        ]
        self.liquid_top = liquid_top

    def covers(self, x, y):
        """True where the flask is drawn in white: the wall, the rim and the liquid (minus bubbles)."""
        if x < -0.52 or x > 0.52 or y < 0.0 or y > 1.0:
            return False  # outside the bounding box: skip the distance computations
        if rounded_rect_sdf(x, y, 0.0, 0.085, 0.20, 0.055, 0.035) <= 0:
            return True  # rim
        body = polygon_sdf(x, y, self.body) - self.corner
        if body > 0:
            return False
        if body > -self.stroke:
            return True  # wall (the neck stays open at the top, under the rim)
        if body > -(self.stroke + self.gap) or y < self.liquid_top:
            return False  # gap between wall and liquid, or air above the liquid
        return all(circle_sdf(x, y, bx, by, br) > 0 for (bx, by, br) in self.bubbles)


# ---------- rasteriser ----------

SS = 4  # samples per axis per pixel


def render(size, sample):
    """sample(u, v) -> (r, g, b, a) with components in 0..1 (straight alpha) for a point in pixel units."""
    rows = []
    for j in range(size):
        row = bytearray()
        for i in range(size):
            pr = pg = pb = pa = 0.0
            for sj in range(SS):
                for si in range(SS):
                    u = i + (si + 0.5) / SS
                    v = j + (sj + 0.5) / SS
                    r, g, b, a = sample(u, v)
                    pr += r * a
                    pg += g * a
                    pb += b * a
                    pa += a
            n = SS * SS
            a = pa / n
            if a <= 0.0:
                row += bytes((0, 0, 0, 0))
            else:
                row += bytes((
                    to_byte(pr / n / a), to_byte(pg / n / a), to_byte(pb / n / a), to_byte(a)))
        rows.append(bytes(row))
    return rows


def to_byte(x):
    return max(0, min(255, int(round(x * 255))))


def write_png(path, size, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + r for r in rows)  # filter type 0 (None) on every scanline
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8 bit, RGBA, deflate, no interlace
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


# ---------- the two icons ----------

def color_icon():
    size = 192
    flask = Flask(stroke=0.072, gap=0.045, corner=0.05, liquid_top=0.58,
                  bubbles=[(-0.12, 0.74, 0.04), (0.10, 0.69, 0.028), (0.03, 0.79, 0.02)])
    box = 112.0            # flask box size in pixels (inside Teams' recommended safe area)
    ox, oy = 96.0, 44.0    # flask box: centre x, top y

    def sample(u, v):
        bg = rounded_rect_sdf(u, v, 96.0, 96.0, 96.0, 96.0, 40.0)
        if bg > 0:
            return (0.0, 0.0, 0.0, 0.0)
        t = v / size
        base = tuple((TOP[k] * (1 - t) + BOTTOM[k] * t) / 255.0 for k in range(3))
        x = (u - ox) / box
        y = (v - oy) / box
        if flask.covers(x, y):
            return (1.0, 1.0, 1.0, 1.0)
        # two small rising bubbles above the flask
        if min(circle_sdf(x, y, 0.15, -0.09, 0.042), circle_sdf(x, y, 0.27, -0.21, 0.028)) <= 0:
            return (1.0, 1.0, 1.0, 1.0)
        return base + (1.0,)

    return size, render(size, sample)


def outline_icon():
    size = 32
    flask = Flask(stroke=0.074, gap=0.06, corner=0.06, bubbles=[], neck=0.15, liquid_top=0.62)
    box = 28.26            # chosen so the outer left, right and bottom edges fall on pixel boundaries
    ox, oy = 16.0, 0.87

    def sample(u, v):
        x = (u - ox) / box
        y = (v - oy) / box
        if flask.covers(x, y):
            return (1.0, 1.0, 1.0, 1.0)
        return (0.0, 0.0, 0.0, 0.0)

    return size, render(size, sample)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else MANIFEST_DIR
    for name, make in (("color.png", color_icon), ("outline.png", outline_icon)):
        size, rows = make()
        path = os.path.join(out_dir, name)
        write_png(path, size, rows)
        print(f"wrote {path} ({size}x{size})")


if __name__ == "__main__":
    main()
