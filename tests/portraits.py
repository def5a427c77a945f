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

from smartskin_gui.core.engine.faces import FaceFinder

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
