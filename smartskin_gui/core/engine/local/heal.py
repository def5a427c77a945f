"""Healing blemishes: small dark spots on skin, filled from the skin around them.

Only spots small against the face (a pimple, a dark mark: at most BLEMISH of the face
across, round rather than long) are healed; a cheek's redness, a rosy patch or a crease is
not a blemish, and is left to the tone bands, which even it without filling it. Only the
spot's smooth part (its low-pass) is replaced, so the skin's fine grain runs on through
the healed place, and its edge fades over a few pixels: it cannot be found at 200%.
"""

from __future__ import annotations

import cv2
import numpy as np

from .skinmask import SkinMask

#: The largest spot healed, as a share of the face's size (its diameter).
BLEMISH = 0.06
#: A spot is at least this much darker (L*) than the skin around it.
DARKER = 3.5
#: Spots are not looked for this close to the eyes, brows and lips (share of the face):
#: crow's-feet and the lash line are not blemishes.
AROUND_FEATURES = 0.05


def heal_blemishes(
    low: np.ndarray, lab: np.ndarray, skin: SkinMask, size: float
) -> tuple[np.ndarray, np.ndarray]:
    """(``low`` with its small dark spots filled in, the soft map of where it was healed)."""
    h, w = low.shape[:2]
    none = low, np.zeros((h, w), np.float32)
    sigma = max(0.8, size / 300)
    around = max(2.0, size / 30)
    # Inside skin (not at its edge, where frames, hair and shadows start): spots are looked
    # for only there, so only over the box around it and what the blurs below reach from
    # it (OpenCV's float Gaussian reaches 4 sigmas; same values as over the whole box).
    deep_skin = cv2.erode(
        (skin.mask > 0.8).astype(np.uint8),
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * round(around) + 1,) * 2),
    )
    near = max(1, round(AROUND_FEATURES * size))
    search = _box_around(deep_skin, round(4 * sigma) + round(4 * around) + 2)
    if search is None:
        return none
    lab, deep_skin = lab[search], deep_skin[search]
    lightness = cv2.GaussianBlur(lab[:, :, 0], (0, 0), sigma)
    dark = cv2.GaussianBlur(lightness, (0, 0), around) - lightness
    redness = cv2.GaussianBlur(lab[:, :, 1], (0, 0), sigma)
    red = redness - cv2.GaussianBlur(redness, (0, 0), around)
    # A blemish is darker than the skin around it (a little redder helps); redness alone
    # is tone, not a spot.
    score = dark / DARKER + np.clip(red, 0, None) / 12.0 * (dark > 1.5)
    # Off the features and the skin right around them, and a mark, not an object (far
    # darker than skin is a glasses frame or a strand).
    off_features = cv2.dilate(
        (skin.features[search] > 0.05).astype(np.uint8),
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * near + 1,) * 2),
    )
    candidates = (score > 1.0) & (dark < 30) & (deep_skin > 0) & (off_features == 0)
    # Thin dark lines (wrinkles, crow's-feet, a hair) are not spots: an opening takes them
    # away, and cuts a spot free of a line it touches.
    thin = max(1, round(size / 120))
    candidates = cv2.morphologyEx(
        candidates.astype(np.uint8),
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * thin + 1,) * 2),
    )
    n, labels, stats, _ = cv2.connectedComponentsWithStats(candidates, connectivity=8)
    max_area = np.pi / 4 * (BLEMISH * size) ** 2
    keep = np.zeros(n, bool)
    for i in range(1, n):
        _, _, bw, bh, area = stats[i]
        elongation = max(bw, bh) / max(1, min(bw, bh))
        fill = area / max(1, bw * bh)
        keep[i] = 2 <= area <= max_area and elongation < 2.5 and fill > 0.35
    if not keep.any():
        return none
    spots = np.zeros((h, w), np.uint8)
    spots[search] = keep[labels].astype(np.uint8) * 255
    spots = cv2.dilate(
        spots,
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5)),
        iterations=max(1, round(size / 250)),
    )
    # Inpainted and blended over the spots' box alone, and what the inpainting reads and
    # the feathering's blur reaches from it.
    radius = max(3, round(size / 80))
    feather = max(1.0, size / 200)
    work = _box_around(spots, max(radius + 2, round(4 * feather)) + 2)
    assert work is not None  # there are spots
    part = low[work]
    u8 = np.clip(part * 255 + 0.5, 0, 255).astype(np.uint8)
    inpainted = cv2.inpaint(u8, spots[work], radius, cv2.INPAINT_TELEA)
    # Fully healed over the spot, feathered outward (never a hard-edged patch).
    blurred = cv2.GaussianBlur(spots[work].astype(np.float32) / 255, (0, 0), feather)
    soft = np.zeros((h, w), np.float32)
    soft[work] = np.clip(blurred * 2.0, 0, 1)
    healed = low.astype(np.float32, copy=True)
    healed[work] = part + soft[work][:, :, None] * (inpainted.astype(np.float32) / 255 - part)
    return healed, soft


def _box_around(on: np.ndarray, margin: int) -> tuple[slice, slice] | None:
    """The box (rows, columns) around the non-zero pixels of ``on``, grown by ``margin``
    and cut to its frame; None when there are none."""
    x, y, bw, bh = cv2.boundingRect(on)
    if bw == 0 or bh == 0:
        return None
    h, w = on.shape[:2]
    return (
        slice(max(0, y - margin), min(h, y + bh + margin)),
        slice(max(0, x - margin), min(w, x + bw + margin)),
    )
