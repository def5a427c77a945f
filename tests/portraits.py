"""Synthetic test portraits built from the two public-domain photos.

- ``with_blemishes``: small dark-red spots drawn on cheeks and forehead (placed by landmarks);
- ``tone_variant``: the same person with very light to very dark skin;
- ``group_on_wood``: several people of different sizes, one tilted, on a warm wood wall whose
  colour is close to skin (the classic "whitening bleaches the wall" trap).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from smartskin_gui.core.engine.local.faces import FaceFinder
from smartskin_gui.core.engine.local.skinmask import (
    FACE_OVAL,
    LEFT_BROW,
    LEFT_EYE,
    LIPS,
    RIGHT_BROW,
    RIGHT_EYE,
)

# Mesh landmarks on open skin: cheeks, forehead, chin.
SPOT_LANDMARKS = (50, 280, 205, 425, 151, 9, 199, 118, 347)


@dataclass
class Spot:
    x: int
    y: int
    r: int


def with_blemishes(rgb: np.ndarray, finder: FaceFinder) -> tuple[np.ndarray, list[Spot]]:
    face = finder.detect(rgb)[0]
    assert face.landmarks is not None
    r = max(2, round(face.size * 0.018))
    out = rgb.astype(np.float32)
    yy, xx = np.mgrid[0 : rgb.shape[0], 0 : rgb.shape[1]]
    spots = []
    for idx in SPOT_LANDMARKS:
        x, y = (round(v) for v in face.landmarks[idx])
        d2 = (xx - x) ** 2 + (yy - y) ** 2
        w = np.exp(-d2 / (2 * (r * 0.7) ** 2))[:, :, None]
        # A pimple or dark mark: darker and redder than the skin around it.
        spot = out * np.array([0.78, 0.55, 0.55], np.float32)
        out = out + w * (spot - out)
        spots.append(Spot(x, y, r))
    return np.clip(out + 0.5, 0, 255).astype(np.uint8), spots


def spot_contrast(rgb: np.ndarray, spots: list[Spot]) -> float:
    """Mean luminance + redness difference between each spot's core and the ring around it."""
    lab = cv2.cvtColor(rgb.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)
    total = 0.0
    yy, xx = np.mgrid[0 : rgb.shape[0], 0 : rgb.shape[1]]
    for s in spots:
        d = np.sqrt((xx - s.x) ** 2 + (yy - s.y) ** 2)
        core = d <= s.r * 0.6
        ring = (d >= s.r * 2.0) & (d <= s.r * 3.0)
        diff = lab[ring].mean(0) - lab[core].mean(0)
        total += float(np.hypot(diff[0], diff[1]))  # darker and redder
    return total / len(spots)


def spot_lightness(rgb: np.ndarray, spots: list[Spot]) -> np.ndarray:
    """Per spot: L* of its core minus L* of the ring around it (> 0: lighter than skin)."""
    lightness = cv2.cvtColor(rgb.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)[:, :, 0]
    yy, xx = np.mgrid[0 : rgb.shape[0], 0 : rgb.shape[1]]
    out = []
    for s in spots:
        d = np.sqrt((xx - s.x) ** 2 + (yy - s.y) ** 2)
        ring = (d >= s.r * 2.0) & (d <= s.r * 3.0)
        out.append(float(lightness[d <= s.r * 0.6].mean() - lightness[ring].mean()))
    return np.array(out)


def tone_variant(rgb: np.ndarray, gain: float, gamma: float) -> np.ndarray:
    """Re-light a portrait so its skin is lighter (gain > 1, gamma < 1) or darker."""
    x = (rgb.astype(np.float32) / 255) ** gamma * gain
    return np.clip(x * 255 + 0.5, 0, 255).astype(np.uint8)


def wood_wall(h: int, w: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    x = np.arange(w, dtype=np.float32)
    grain = 0.5 + 0.5 * np.sin(x / 9.0 + 3 * np.sin(x / 57.0))
    base = np.array([196, 142, 104], np.float32)  # warm wood, a light-tan skin colour
    img = base * (0.88 + 0.14 * grain)[None, :, None]
    img = np.repeat(img, h, axis=0)
    img += rng.normal(0, 4, (h, w, 1)).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


@dataclass
class Person:
    cx: int
    cy: int
    size: int  # approximate face height on the canvas


def _paste(
    canvas: np.ndarray,
    src: np.ndarray,
    box: tuple[int, int, int, int],
    at: tuple[int, int],
    scale: float,
    angle: float,
) -> tuple[int, int]:
    x0, y0, x1, y1 = box
    crop = src[y0:y1, x0:x1]
    crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = crop.shape[:2]
    alpha = np.zeros((h, w), np.float32)
    cv2.ellipse(alpha, (w // 2, h // 2), (int(w * 0.46), int(h * 0.48)), 0, 0, 360, 1.0, -1)
    alpha = cv2.GaussianBlur(alpha, (0, 0), max(1.0, w * 0.02))
    if angle:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        crop = cv2.warpAffine(crop, m, (w, h), borderMode=cv2.BORDER_REFLECT)
        alpha = cv2.warpAffine(alpha, m, (w, h))
    px, py = at
    region = canvas[py : py + h, px : px + w].astype(np.float32)
    a = alpha[:, :, None]
    canvas[py : py + h, px : px + w] = (a * crop + (1 - a) * region + 0.5).astype(np.uint8)
    return px + w // 2, py + h // 2


def group_on_wood(astronaut: np.ndarray, hopper: np.ndarray) -> tuple[np.ndarray, list[Person]]:
    """Five people on a skin-coloured wood wall: sizes differ, one is tilted."""
    canvas = wood_wall(900, 1600)
    astro_box = (150, 20, 320, 230)  # head and shoulders
    hopper_box = (140, 90, 380, 380)
    people = []
    for src, box, at, scale, angle, face_h in (
        (astronaut, astro_box, (60, 220), 1.6, 0, 110 * 1.6),
        (hopper, hopper_box, (420, 120), 1.2, 0, 200 * 1.2),
        (astronaut, astro_box, (800, 330), 1.1, 18, 110 * 1.1),
        (hopper, hopper_box, (1080, 420), 0.8, -12, 200 * 0.8),
        (astronaut, astro_box, (1350, 80), 0.9, 0, 110 * 0.9),
    ):
        cx, cy = _paste(canvas, src, box, at, scale, angle)
        people.append(Person(cx, cy, int(face_h)))
    return canvas, people


# --- a whole person: face, neck, shoulders, arms and hands in a warm room -----------------

#: Mesh landmarks of the astronaut's open cheek skin, used to sample her skin's colour.
_CHEEK = (50, 280, 205, 425, 118, 347)


@dataclass
class Body:
    """Where the parts of a composite person are, as boolean masks over the canvas."""

    face: np.ndarray  # inner face skin (mesh oval without eyes, brows and lips)
    body: np.ndarray  # visible body skin: neck, chest, shoulders, arms, hands
    wall: np.ndarray  # skin-coloured wall, well away from the person
    wood: np.ndarray  # the wooden table, away from the hands


def _tiled_texture(src: np.ndarray, h: int, w: int, rng: np.random.Generator) -> np.ndarray:
    """Fill (h, w) with randomly flipped tiles of ``src``'s high-pass (skin pores, grain)."""
    hp = src - cv2.GaussianBlur(src, (0, 0), 3.0)
    th, tw = hp.shape[:2]
    out = np.zeros((h + th, w + tw, *hp.shape[2:]), np.float32)
    for y in range(0, h, th):
        for x in range(0, w, tw):
            tile = hp[:: rng.choice([-1, 1]), :: rng.choice([-1, 1])]
            out[y : y + th, x : x + tw] = tile
    return out[:h, :w]


def _plaster(h: int, w: int, colour: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A smooth warm wall of ``colour`` with soft light falloff and fine grain."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.04 - 0.1 * ((xx / w - 0.3) ** 2 + (yy / h - 0.2) ** 2)
    img = colour * light[:, :, None]
    img += cv2.GaussianBlur(rng.normal(0, 3, (h, w)).astype(np.float32), (0, 0), 1.2)[:, :, None]
    return img


def person_in_warm_room(astronaut: np.ndarray, finder: FaceFinder) -> tuple[np.ndarray, Body]:
    """The astronaut's head on a bare-shouldered body whose arms rest on a wooden table,
    in front of a wall painted her own skin colour (the hardest case for colour alone).

    Body skin is her own cheek colour and texture, a little darker (it is in the face's
    shade) and shaded toward its edges, the way necks and arms are in real photos.
    """
    rng = np.random.default_rng(11)
    scale = 2.5
    face = finder.detect(astronaut)[0]
    assert face.landmarks is not None
    lm = face.landmarks * scale
    head = cv2.resize(astronaut, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    head = head.astype(np.float32)
    cheeks = np.array([head[int(lm[i][1]), int(lm[i][0])] for i in _CHEEK], np.float32)
    skin = np.median(cheeks, axis=0)
    fw = float(lm[454][0] - lm[234][0])
    chin = lm[152]
    h, w = 1150, 900
    ox, oy = round(w / 2 - chin[0]), round(310 - chin[1])  # canvas = head + offset
    cx, cy = chin[0] + ox, chin[1] + oy

    canvas = _plaster(h, w, skin * 1.02, rng)
    table_y = round(cy + 2.6 * fw)
    wood = wood_wall(h - table_y, w).astype(np.float32)
    canvas[table_y:] = wood

    # The body silhouette (neck, shoulders, arms, forearms on the table, hands).
    sil = np.zeros((h, w), np.uint8)
    neck_w = 0.27 * fw
    cv2.rectangle(
        sil,
        (round(cx - neck_w), round(cy - 0.4 * fw)),
        (round(cx + neck_w), round(cy + 0.7 * fw)),
        255,
        -1,
    )
    _ellipse(sil, (cx, cy + 1.25 * fw), (1.55 * fw, 0.7 * fw))
    for side in (-1, 1):
        sx = cx + side * 1.3 * fw
        elbow = (cx + side * 1.55 * fw, table_y + 0.15 * fw)
        hand = (cx + side * 0.45 * fw, table_y + 0.55 * fw)
        for a, b, t in (((sx, cy + 1.1 * fw), elbow, 0.55), (elbow, hand, 0.42)):
            cv2.line(
                sil, (round(a[0]), round(a[1])), (round(b[0]), round(b[1])), 255, round(t * fw)
            )
        _ellipse(sil, hand, (0.3 * fw, 0.2 * fw))
    # A dark top covers the torso below the chest line, between the arms.
    top = np.zeros((h, w), np.uint8)
    top_pts = np.array(
        [
            [cx - 1.0 * fw, cy + 1.35 * fw],
            [cx + 1.0 * fw, cy + 1.35 * fw],
            [cx + 0.95 * fw, table_y],
            [cx - 0.95 * fw, table_y],
        ]
    )
    cv2.fillConvexPoly(top, np.round(top_pts).astype(np.int32), 255)

    inside = (sil > 0).astype(np.uint8)
    depth = cv2.distanceTransform(inside, cv2.DIST_L2, 5)
    shade = 0.82 + 0.1 * np.clip(depth / (0.12 * fw), 0, 1)  # darker toward the edges
    yy = np.arange(h, dtype=np.float32)[:, None]
    shade *= 1 - 0.1 * np.exp(-(((yy - cy - 0.15 * fw) / (0.3 * fw)) ** 2))  # chin shadow
    patch = head[
        int(lm[50][1]) - 12 : int(lm[50][1]) + 12, int(lm[50][0]) - 12 : int(lm[50][0]) + 12
    ]
    body = skin * shade[:, :, None] + _tiled_texture(patch, h, w, rng)
    alpha = cv2.GaussianBlur(inside.astype(np.float32), (0, 0), 1.2)[:, :, None]
    canvas = alpha * body + (1 - alpha) * canvas
    cloth = cv2.GaussianBlur((top > 0).astype(np.float32), (0, 0), 1.0)[:, :, None]
    canvas = cloth * np.array([38, 44, 70], np.float32) + (1 - cloth) * canvas

    # The head on top: face oval plus the hair above the eyes.
    hh, hw = head.shape[:2]
    oval = lm[FACE_OVAL]
    head_alpha = _poly_mask((hh, hw), oval, 1.0)
    hair = np.zeros((hh, hw), np.uint8)
    eye_y = (lm[33][1] + lm[263][1]) / 2
    _ellipse(hair, (lm[10][0], eye_y - 0.05 * fw), (0.78 * fw, 0.72 * fw))
    hair[round(eye_y) :] = 0
    head_alpha |= hair
    ha = np.zeros((h, w), np.float32)
    y0, x0, y1, x1 = max(0, oy), max(0, ox), min(h, oy + hh), min(w, ox + hw)
    ha[y0:y1, x0:x1] = head_alpha[y0 - oy : y1 - oy, x0 - ox : x1 - ox] / 255
    ha = cv2.GaussianBlur(ha, (0, 0), 1.2)[:, :, None]
    head_canvas = np.zeros_like(canvas)
    head_canvas[y0:y1, x0:x1] = head[y0 - oy : y1 - oy, x0 - ox : x1 - ox]
    canvas = ha * head_canvas + (1 - ha) * canvas
    out = np.clip(canvas + 0.5, 0, 255).astype(np.uint8)

    # Where each part is, for measuring.
    placed = lm + np.array([ox, oy], np.float32)
    face_skin = _poly_mask((h, w), placed[FACE_OVAL], 0.85) > 0
    for idx in (RIGHT_EYE, LEFT_EYE, LIPS, RIGHT_BROW, LEFT_BROW):
        face_skin &= cv2.dilate(_poly_mask((h, w), placed[idx], 1.0), np.ones((15, 15))) == 0
    body_skin = (cv2.erode(inside, np.ones((9, 9), np.uint8)) > 0) & (top == 0)
    body_skin &= cv2.dilate(_poly_mask((h, w), placed[FACE_OVAL], 1.0), np.ones((25, 25))) == 0
    person = ((alpha[:, :, 0] > 0.01) | (ha[:, :, 0] > 0.01) | (top > 0)).astype(np.uint8)
    far = cv2.dilate(person, np.ones((61, 61), np.uint8)) == 0
    rows = np.arange(h)[:, None]
    return out, Body(face_skin, body_skin, far & (rows < table_y - 10), far & (rows > table_y + 10))


def _poly_mask(shape: tuple[int, int], pts: np.ndarray, grow: float) -> np.ndarray:
    """uint8 mask of the polygon ``pts`` scaled by ``grow`` about its centroid."""
    c = pts.mean(0)
    out = np.zeros(shape, np.uint8)
    cv2.fillPoly(out, [np.round(c + (pts - c) * grow).astype(np.int32)], 255)
    return out


def _ellipse(mask: np.ndarray, centre: tuple[float, float], axes: tuple[float, float]) -> None:
    c = (round(centre[0]), round(centre[1]))
    cv2.ellipse(mask, c, (round(axes[0]), round(axes[1])), 0, 0, 360, 255, -1)
