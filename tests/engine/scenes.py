"""Composite scenes for the local engine's v3 measurements (issue 18), built only from the
two public-domain portraits (astronaut, Grace Hopper) and drawn shapes.

Each scene comes with where its parts are (boolean masks or landmark sets), so a test
can measure the change on exactly the skin, the hair, the clothes or the wall.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from smartskin_gui.core.engine.local.faces import Face, FaceFinder
from smartskin_gui.core.engine.local.skinmask import (
    FACE_OVAL,
    LEFT_BROW,
    LEFT_EYE,
    LIPS,
    RIGHT_BROW,
    RIGHT_EYE,
)
from tests.portraits import _tiled_texture, tone_variant

ASTRO_HEAD = (150, 20, 320, 230)  # head and shoulders in astronaut.jpg (x0, y0, x1, y1)
HOPPER_HEAD = (140, 90, 380, 380)  # the same in grace_hopper.jpg


def lightness(rgb: np.ndarray) -> np.ndarray:
    """CIE L* (0-100) of uint8 RGB."""
    return cv2.cvtColor(rgb.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)[:, :, 0]


def lift(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """L* change per pixel."""
    return lightness(after) - lightness(before)


def poly(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    out = np.zeros(shape, np.uint8)
    cv2.fillPoly(out, [np.round(pts).astype(np.int32)], 1)
    return out > 0


def hull(shape: tuple[int, int], pts: np.ndarray) -> np.ndarray:
    return poly(shape, cv2.convexHull(pts.astype(np.float32))[:, 0])


def face_skin(shape: tuple[int, int], lm: np.ndarray, margin: int = 0) -> np.ndarray:
    """Inside the mesh's face outline, off the eyes, brows and lips (grown by ``margin``)."""
    zone = poly(shape, lm[FACE_OVAL])
    feats = np.zeros(shape, np.uint8)
    for idx in (RIGHT_EYE, LEFT_EYE, LIPS):
        feats |= poly(shape, lm[idx])
    for idx in (RIGHT_BROW, LEFT_BROW):
        feats |= hull(shape, lm[idx])
    if margin:
        feats = cv2.dilate(feats, np.ones((2 * margin + 1,) * 2, np.uint8))
    return zone & (feats == 0)


# --- a collage of many faces: no limit on their number, eyes of small faces --------------


@dataclass
class Collage:
    rgb: np.ndarray
    faces: list[np.ndarray]  # each face's 468 mesh landmarks, in collage pixels
    sizes: list[float] = field(default_factory=list)  # each face's size (px)


def collage(
    astronaut: np.ndarray,
    hopper: np.ndarray,
    finder: FaceFinder,
    count: int,
    face_px: float,
    columns: int = 6,
) -> Collage:
    """``count`` passport-style heads about ``face_px`` tall in a grid on a grey backdrop,
    alternating the two portraits and five skin tones. Landmarks come from the mesh run on
    each head alone (at the same scale), so they are the truth the collage is measured by."""
    tones = [None, (0.7, 1.4), (1.1, 0.85), (0.45, 1.8), (0.85, 1.15)]
    heads = []
    for i in range(count):
        src, box, face_h = (
            (astronaut, ASTRO_HEAD, 115.0) if i % 2 == 0 else (hopper, HOPPER_HEAD, 200.0)
        )
        x0, y0, x1, y1 = box
        crop = src[y0:y1, x0:x1]
        tone = tones[(i // 2) % len(tones)]
        if tone is not None:
            crop = tone_variant(crop, *tone)
        s = face_px / face_h
        heads.append(cv2.resize(crop, None, fx=s, fy=s, interpolation=cv2.INTER_AREA))
    cell_w = max(h.shape[1] for h in heads) + 8
    cell_h = max(h.shape[0] for h in heads) + 8
    rows = -(-count // columns)
    canvas = np.zeros((rows * cell_h, columns * cell_w, 3), np.uint8)
    canvas[:] = (118, 124, 134)
    faces, sizes = [], []
    for i, head in enumerate(heads):
        r, c = divmod(i, columns)
        oy, ox = r * cell_h + 4, c * cell_w + 4
        hh, hw = head.shape[:2]
        canvas[oy : oy + hh, ox : ox + hw] = head
        # The mesh on the head alone, on a copy padded with the backdrop (a face at a
        # cell's edge is found as it would be in the collage).
        pad = np.zeros((hh + 2 * hh, hw + 2 * hw, 3), np.uint8)
        pad[:] = (118, 124, 134)
        pad[hh : 2 * hh, hw : 2 * hw] = head
        found = finder.detect(pad)
        assert found and found[0].landmarks is not None, f"head {i} not found on its own"
        best = max(found, key=lambda f: f.size)
        assert best.landmarks is not None
        faces.append(best.landmarks + np.array([ox - hw, oy - hh], np.float32))
        sizes.append(best.size)
    return Collage(canvas, faces, sizes)


def eye_zone(shape: tuple[int, int], lm: np.ndarray) -> np.ndarray:
    """The open eye (iris, white, lashes' inner edge): the mesh's eye contours."""
    return poly(shape, lm[RIGHT_EYE]) | poly(shape, lm[LEFT_EYE])


def face_centre_zone(shape: tuple[int, int], lm: np.ndarray) -> np.ndarray:
    """Cheeks and forehead of one face, well off its features (for 'was it treated')."""
    size = float(np.ptp(lm[:, 1]))
    return face_skin(shape, lm, margin=max(1, round(size * 0.06)))


def as_face(lm: np.ndarray) -> Face:
    x0, y0 = lm.min(0)
    x1, y1 = lm.max(0)
    return Face((float(x0), float(y0), float(x1), float(y1)), 1.0, np.zeros((6, 2)), lm)


__all__ = [
    "Collage",
    "_tiled_texture",
    "as_face",
    "collage",
    "eye_zone",
    "face_centre_zone",
    "face_skin",
    "hull",
    "lift",
    "lightness",
    "poly",
]


# --- a head: skin from the chin to the crown or the hairline, on a neck and a shirt --------


@dataclass
class Head:
    rgb: np.ndarray
    lm: np.ndarray  # the face's mesh landmarks in scene pixels
    face: np.ndarray  # face skin inside the mesh outline, off the features
    forehead: np.ndarray  # the forehead just below the mesh's top edge
    above: np.ndarray  # skin just above the mesh's top edge
    crown: np.ndarray  # the top of the scalp (bald) or nothing (with hair)
    scalp: np.ndarray  # all the skin above the mesh's top edge
    hair: np.ndarray  # the hair (off its edge), or nothing
    backdrop: np.ndarray  # what is around the head and shoulders (off the person)
    clothes: np.ndarray  # the shirt (off its edge)
    neck: np.ndarray  # the neck's skin
    skin: np.ndarray  # every pixel of skin (face, scalp, neck), edges included
    hand: np.ndarray  # a raised hand's skin (off its edge), or nothing
    finger: np.ndarray  # its little finger's skin (off its edge and shadow), or nothing
    ears: np.ndarray  # the ears' skin (off their edge), or nothing
    glove: np.ndarray  # a leather glove of skin colour (off its edge), or nothing


def _strands(
    shape: tuple[int, int], colour: np.ndarray, rng: np.random.Generator, angle: float
) -> np.ndarray:
    """Hair: streaks along ``angle`` (degrees), light and dark strands about a pixel or two
    wide, around ``colour``."""
    h, w = shape
    noise = rng.normal(0, 1, (h, w)).astype(np.float32)
    k = np.zeros((31, 31), np.float32)
    cv2.line(k, (0, 15), (30, 15), 1.0, 1)
    m = cv2.getRotationMatrix2D((15, 15), angle, 1.0)
    k = cv2.warpAffine(k, m, (31, 31))
    k /= k.sum()
    streaks = cv2.filter2D(noise, -1, k)
    streaks /= streaks.std() + 1e-6
    return np.asarray(colour * (1 + 0.22 * np.clip(streaks, -2.5, 2.5))[:, :, None], np.float32)


def draw_hand(
    shape: tuple[int, int],
    centre: tuple[float, float],
    palm: float,
    angle: float,
    tucked: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """An open hand held up (fingers up, tilted by ``angle`` degrees), ``palm`` px wide: its
    silhouette down to the wrist, the creases between its fingers, the little finger and
    a shadow (uint8 masks). With ``tucked`` the little finger is set apart: a gap from the
    ring finger down into the palm and a deep shadow across its base (as a little finger
    half under the others is); else there is no shadow."""
    h, w = shape
    cx, cy = centre
    a = np.radians(angle)

    def at(x: float, y: float) -> tuple[int, int]:  # hand units (y up) to pixels
        px = x * np.cos(a) - y * np.sin(a)
        py = x * np.sin(a) + y * np.cos(a)
        return round(cx + px * palm), round(cy - py * palm)

    sil = np.zeros((h, w), np.uint8)
    corners = [at(-0.5, -0.55), at(0.5, -0.55), at(0.55, 0.45), at(-0.52, 0.45)]
    cv2.fillConvexPoly(sil, np.array(corners, np.int32), 1)
    for fx, fy, length, width in (
        (-0.38, 0.42, 0.75, 0.2),
        (-0.13, 0.48, 0.9, 0.21),
        (0.13, 0.47, 0.85, 0.21),
        (0.37, 0.42, 0.65, 0.19),
    ):
        tip = at(fx * 1.15, fy + length)
        cv2.line(sil, at(fx, fy), tip, 1, round(width * palm))
        cv2.circle(sil, tip, round(width * palm / 2), 1, -1)
    cv2.line(sil, at(-0.45, -0.2), at(-0.95, 0.35), 1, round(0.24 * palm))
    cv2.circle(sil, at(-0.95, 0.35), round(0.12 * palm), 1, -1)
    cv2.line(sil, at(0, -0.5), at(0, -0.9), 1, round(0.75 * palm))  # the wrist
    crease = np.zeros((h, w), np.uint8)
    for fx in (-0.25, 0.0, 0.25):
        cv2.line(crease, at(fx * 1.1, 0.5), at(fx * 1.25, 1.0), 1, max(1, round(0.03 * palm)))
    little = np.zeros((h, w), np.uint8)
    cv2.line(little, at(0.37, 0.5), at(0.37 * 1.15, 1.07), 1, round(0.19 * palm))
    cv2.circle(little, at(0.37 * 1.15, 1.07), round(0.19 * palm / 2), 1, -1)
    little &= sil
    shadow = np.zeros((h, w), np.uint8)
    if tucked:
        cv2.line(sil, at(0.25, 1.0), at(0.25, 0.3), 0, max(2, round(0.04 * palm)))
        cv2.line(shadow, at(0.24, 0.42), at(0.52, 0.42), 1, max(2, round(0.09 * palm)))
        little &= 1 - cv2.dilate(shadow, np.ones((5, 5), np.uint8))
        little &= sil
    return sil, crease, little, shadow


def head_scene(
    astronaut: np.ndarray,
    finder: FaceFinder,
    backdrop: tuple[int, int, int] = (60, 66, 82),
    shirt: tuple[int, int, int] = (34, 36, 44),
    hair: tuple[int, int, int] | None = None,
    tone: tuple[float, float] | None = None,
    long_hair: bool = False,
    light: tuple[float, float, float] = (1.0, 1.0, 1.0),
    raised_hand: bool = False,
    tucked_finger: bool = False,
    locks: bool = False,
    beard: tuple[int, int, int] | None = None,
    ears: bool = False,
    glove: bool = False,
) -> Head:
    """The astronaut's face on a head of her own skin: the forehead above the brows and the
    scalp are her skin (colour, grain, the light falling off over the curve of the head) up
    to a crown well above the mesh's top edge, on a neck and a shirt, before a plain
    backdrop. With ``hair`` (a colour) the top of the head is hair from a hairline a fifth
    of the face above the mesh's top edge (with ``locks``, three falling over the forehead),
    and with ``long_hair`` down both sides of the face and neck to the shoulders. ``light``
    multiplies R, G and B (a warm room: (1.0, 0.93, 0.8)). With ``beard`` (a colour) a full
    beard and moustache of strands cover her lower face. With ``raised_hand`` an open hand
    of her skin is held up beside her head, above her eyes, its arm in a sleeve of the
    shirt (with ``tucked_finger`` its little finger set apart by a gap and a deep shadow
    across its base). With ``ears`` an ear stands out on each side of the face, before the backdrop
    (redder and a little darker than her cheeks, as ears are). With ``glove`` a gloved
    hand of her skin's colour and lightness but smooth (leather) rests on the shirt, to the
    side of her chest, apart from her skin. The photo's face runs into
    that skin without a seam (feathered)."""
    rng = np.random.default_rng(5)
    scale = 2.5
    face = finder.detect(astronaut)[0]
    assert face.landmarks is not None
    lm0 = face.landmarks * scale
    head = cv2.resize(astronaut, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    head = head.astype(np.float32)
    fw = float(lm0[454][0] - lm0[234][0])
    top, chin = lm0[10], lm0[152]
    fh = float(chin[1] - top[1])
    h, w = round(3.1 * fh), round(2.6 * fw)
    ox, oy = round(w / 2 - top[0]), round(0.75 * fh - top[1])
    lm = lm0 + np.array([ox, oy], np.float32)
    cx, ty, cy = float(lm[10][0]), float(lm[10][1]), float(lm[152][1])
    eye_y = float(lm[[33, 263], 1].mean())

    canvas = np.zeros((h, w, 3), np.float32) + np.array(backdrop, np.float32)
    canvas += rng.normal(0, 2.0, (h, w, 1)).astype(np.float32)
    # Skin colour: the median of her face's skin; grain from a cheek.
    skin = np.median(head[face_skin(head.shape[:2], lm0, margin=6)], axis=0)
    px, py = (round(v) for v in lm0[50])
    grain = _tiled_texture(head[py - 12 : py + 12, px - 12 : px + 12], h, w, rng)

    # Head (scalp down to the jaw), neck, shoulders.
    head_sil = np.zeros((h, w), np.uint8)
    crown_y = ty - 0.5 * fh
    axes = (round(0.55 * fw), round(eye_y - crown_y))
    cv2.ellipse(head_sil, (round(cx), round(eye_y)), axes, 0, 180, 360, 1, -1)
    neck_sil = np.zeros((h, w), np.uint8)
    cv2.rectangle(
        neck_sil,
        (round(cx - 0.3 * fw), round(cy - 0.5 * fh)),
        (round(cx + 0.3 * fw), round(cy + 0.45 * fh)),
        1,
        -1,
    )
    body = np.zeros((h, w), np.uint8)
    cv2.ellipse(
        body,
        (round(cx), round(cy + 1.05 * fh)),
        (round(1.3 * fw), round(0.7 * fh)),
        0,
        0,
        360,
        1,
        -1,
    )
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    # Light falls off toward the sides and the back of the head (a sphere lit from the front).
    r2 = ((xx - cx) / (0.6 * fw)) ** 2 + ((yy - eye_y) / (eye_y - crown_y + 0.1 * fh)) ** 2
    shade = np.clip(1.02 - 0.16 * r2, 0.8, 1.02)
    neck_shade = 0.86 + 0.04 * np.clip((yy - cy) / (0.4 * fh), 0, 1)
    skin_img = skin * np.where(neck_sil > 0, neck_shade, shade)[:, :, None] + grain
    sil = np.maximum(head_sil, neck_sil)
    a = cv2.GaussianBlur(sil.astype(np.float32), (0, 0), 1.2)[:, :, None]
    canvas = a * skin_img + (1 - a) * canvas
    clothes = (body > 0) & (neck_sil == 0)
    c = cv2.GaussianBlur(clothes.astype(np.float32), (0, 0), 1.2)[:, :, None]
    cloth = np.array(shirt, np.float32) + rng.normal(0, 2.5, (h, w, 1)).astype(np.float32)
    canvas = c * cloth + (1 - c) * canvas

    glove_mask = np.zeros((h, w), np.uint8)
    if glove:
        centre = (round(cx + 0.8 * fw), round(cy + 1.15 * fh))
        cv2.ellipse(glove_mask, centre, (round(0.17 * fw), round(0.12 * fh)), -20, 0, 360, 1, -1)
        leather = skin * 0.95 + rng.normal(0, 1.0, (h, w, 1)).astype(np.float32)
        ga = cv2.GaussianBlur(glove_mask.astype(np.float32), (0, 0), 1.2)[:, :, None]
        canvas = ga * leather + (1 - ga) * canvas

    ear_mask = np.zeros((h, w), np.uint8)
    if ears:
        for side, out_x in ((lm[234], -1.0), (lm[454], 1.0)):
            centre = (round(side[0] + out_x * 0.04 * fw), round(side[1] + 0.1 * fh))
            cv2.ellipse(ear_mask, centre, (round(0.07 * fw), round(0.15 * fh)), 0, 0, 360, 1, -1)
        ear_img = skin * np.array([0.95, 0.88, 0.86], np.float32) + grain
        ea = cv2.GaussianBlur(ear_mask.astype(np.float32), (0, 0), 1.2)[:, :, None]
        canvas = ea * ear_img + (1 - ea) * canvas

    # The photo's face on top, from just above the brows down (her fringe is left out: the
    # forehead above it is the head's skin), feathered into that skin.
    oval = poly((h, w), lm[FACE_OVAL]).astype(np.float32)
    brow_y = float(lm[RIGHT_BROW + LEFT_BROW, 1].min()) - 0.02 * fh
    upper = cv2.erode(oval, np.ones((9, 9), np.uint8)) * (yy > brow_y)
    soft = cv2.GaussianBlur(upper.astype(np.float32), (0, 0), 0.03 * fh)
    alpha = np.where(yy < eye_y, soft, cv2.GaussianBlur(oval, (0, 0), 1.0))[:, :, None]
    placed = np.zeros_like(canvas)
    hh, hw = head.shape[:2]
    y0, x0, y1, x1 = max(0, oy), max(0, ox), min(h, oy + hh), min(w, ox + hw)
    placed[y0:y1, x0:x1] = head[y0 - oy : y1 - oy, x0 - ox : x1 - ox]
    canvas = alpha * placed + (1 - alpha) * canvas

    hand_mask = np.zeros((h, w), bool)
    little_mask = np.zeros((h, w), np.uint8)
    if raised_hand:
        palm_w = 0.38 * fw
        centre = (cx + 0.85 * fw, eye_y - 0.3 * fh)
        hand, crease, little, shadow = draw_hand((h, w), centre, palm_w, -12.0, tucked_finger)
        sleeve = np.zeros((h, w), np.uint8)
        wrist = (round(centre[0] - 0.12 * palm_w), round(centre[1] + 0.95 * palm_w))
        shoulder = (round(cx + 1.15 * fw), round(cy + 0.8 * fh))
        cv2.line(sleeve, wrist, shoulder, 1, round(0.8 * palm_w))
        depth = cv2.distanceTransform(hand, cv2.DIST_L2, 5)
        hand_shade = 0.84 + 0.14 * np.clip(depth / (0.12 * palm_w), 0, 1)
        hand_img = skin * hand_shade[:, :, None] + grain
        ha = cv2.GaussianBlur(hand.astype(np.float32), (0, 0), 1.0)[:, :, None]
        canvas = ha * hand_img + (1 - ha) * canvas
        canvas *= (1 - 0.3 * cv2.GaussianBlur(crease.astype(np.float32), (0, 0), 1.2))[:, :, None]
        # Deep shade between fingers is darker and redder than the skin in the light.
        deep = cv2.GaussianBlur(shadow.astype(np.float32), (0, 0), 1.5)[:, :, None]
        canvas *= 1 - deep * np.array([0.55, 0.68, 0.75], np.float32)
        sa = cv2.GaussianBlur((sleeve > 0).astype(np.float32), (0, 0), 1.0)[:, :, None]
        canvas = sa * cloth + (1 - sa) * canvas
        hand_mask = (hand > 0) & (sleeve == 0)
        little_mask = (little * (sleeve == 0)).astype(np.uint8)
        clothes = clothes | (sleeve > 0)

    hair_mask = np.zeros((h, w), bool)
    if hair is not None:
        # A cap of hair down to a hairline 0.2 face heights above the mesh's top, over the
        # sides down to the ears, and a few locks over the forehead.
        hairline = ty - 0.2 * fh
        wave = 0.03 * fh * np.sin((xx - cx) / (0.09 * fw))
        cap = (head_sil > 0) & ((yy < hairline + wave) | (np.abs(xx - cx) > 0.45 * fw))
        cap &= yy < eye_y - 0.05 * fh
        lock_mask = np.zeros((h, w), np.uint8)
        for dx, length in ((-0.18, 0.2), (-0.05, 0.24), (0.12, 0.18)) if locks else ():
            x = cx + dx * fw
            pts = np.array(
                [
                    [x + 0.05 * fw * np.sin(t * 3), hairline + t * length * fh]
                    for t in np.linspace(0, 1, 12)
                ]
            )
            cv2.polylines(lock_mask, [np.round(pts).astype(np.int32)], False, 1, round(0.035 * fw))
        hair_mask = (cap | (lock_mask > 0)) & (head_sil > 0)
        if long_hair:
            for side in (-1, 1):
                x_in = cx + side * 0.47 * fw
                x_out = cx + side * 0.78 * fw
                band = (
                    (np.minimum(x_in, x_out) < xx)
                    & (xx < np.maximum(x_in, x_out))
                    & (yy > eye_y - 0.3 * fh)
                    & (yy < cy + 0.6 * fh)
                )
                hair_mask |= band & (oval == 0)
        strands = _strands((h, w), np.array(hair, np.float32), rng, 80.0)
        ha = cv2.GaussianBlur(hair_mask.astype(np.float32), (0, 0), 1.0)[:, :, None]
        canvas = ha * strands + (1 - ha) * canvas
    if beard is not None:
        # Below the nose, around (not over) the lips, down over the jaw and chin.
        lower = (poly((h, w), lm[FACE_OVAL]) & (yy > float(lm[2][1]) + 0.01 * fh)).astype(np.uint8)
        lips = cv2.dilate(poly((h, w), lm[LIPS]).astype(np.uint8), np.ones((5, 5), np.uint8))
        beard_area = (lower > 0) & (lips == 0)
        whiskers = _strands((h, w), np.array(beard, np.float32), rng, 100.0)
        ba = cv2.GaussianBlur(beard_area.astype(np.float32), (0, 0), 1.5)[:, :, None] * 0.9
        canvas = ba * whiskers + (1 - ba) * canvas
        hair_mask = hair_mask | beard_area
    canvas *= np.array(light, np.float32)
    out = np.clip(canvas + 0.5, 0, 255).astype(np.uint8)
    if tone is not None:
        out = tone_variant(out, *tone)

    # Where the parts are.
    inner = cv2.erode(head_sil, np.ones((15, 15), np.uint8)) > 0
    off_hair = cv2.dilate(hair_mask.astype(np.uint8), np.ones((15, 15), np.uint8)) == 0
    mid = np.abs(xx - cx) < 0.22 * fw
    forehead = mid & (yy > ty + 0.03 * fh) & (yy < ty + 0.13 * fh) & off_hair
    above = mid & inner & (yy < ty - 0.02 * fh) & (yy > ty - 0.12 * fh) & off_hair
    crown = mid & inner & (yy < ty - 0.25 * fh) & (yy > crown_y + 0.08 * fh) & off_hair
    scalp = inner & (yy < ty - 0.02 * fh) & off_hair
    person = (sil | body | (oval > 0)).astype(np.uint8)
    far = cv2.dilate(person, np.ones((25, 25), np.uint8)) == 0
    hair_core = cv2.erode(hair_mask.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    neck = (cv2.erode(neck_sil, np.ones((15, 15), np.uint8)) > 0) & (yy > cy + 0.1 * fh)
    skin_all = (((sil > 0) | (oval > 0) | (ear_mask > 0)) & ~hair_mask) | hand_mask
    far &= cv2.dilate(ear_mask, np.ones((25, 25), np.uint8)) == 0
    far &= ~hair_mask & (cv2.dilate(hand_mask.astype(np.uint8), np.ones((25, 25), np.uint8)) == 0)
    far &= ~clothes
    clothes &= ~hair_mask
    return Head(
        out,
        lm,
        face_skin((h, w), lm, margin=4) & off_hair,
        forehead,
        above,
        crown,
        scalp,
        hair_core,
        far,
        cv2.erode(clothes.astype(np.uint8), np.ones((25, 25), np.uint8)) > 0,
        neck,
        skin_all,
        cv2.erode(hand_mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0,
        cv2.erode(little_mask, np.ones((5, 5), np.uint8)) > 0,
        (cv2.erode(ear_mask, np.ones((7, 7), np.uint8)) > 0) & (oval == 0),
        cv2.erode(glove_mask, np.ones((5, 5), np.uint8)) > 0,
    )


# --- a close-up with a rosy patch: redness to even, never to fill ------------------------


@dataclass
class Closeup:
    rgb: np.ndarray
    lm: np.ndarray
    patch: np.ndarray  # the rosy patch's core
    ring: np.ndarray  # the cheek around it
    rim: np.ndarray  # the band where the patch fades into the cheek
    size: float  # the face's size in pixels


def rosy_closeup(astronaut: np.ndarray, finder: FaceFinder, diameter: float = 0.09) -> Closeup:
    """A close-up of the astronaut's face (about 600 px) with pore-like grain and, on her
    cheek, a rosy patch ``diameter`` of the face wide: redder by 9 a* and 2 L* darker, with
    a soft edge and the skin's own grain running through it (as redness is)."""
    rng = np.random.default_rng(3)
    x0, y0, x1, y1 = ASTRO_HEAD
    s = 5.0
    img = cv2.resize(astronaut[y0:y1, x0:x1], None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC)
    img = img.astype(np.float32) / 255
    grain = cv2.GaussianBlur(rng.normal(0, 1, img.shape[:2]).astype(np.float32), (0, 0), 0.8)
    img = np.clip(img * (1 + 0.035 * grain[:, :, None]), 0, 1)
    u8 = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)
    face = finder.detect(u8)[0]
    assert face.landmarks is not None
    lm = face.landmarks
    size = face.size
    cx, cy = lm[[50, 205]].mean(0)  # the middle of her right cheek
    r = diameter * size / 2
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = np.hypot(xx - cx, yy - cy)
    weight = np.clip((r - d) / (0.35 * r) + 0.5, 0, 1)
    weight = weight * weight * (3 - 2 * weight)  # smooth rim
    lab = cv2.cvtColor(img, cv2.COLOR_RGB2Lab)
    lab[:, :, 1] += 9.0 * weight
    lab[:, :, 0] -= 2.0 * weight
    out = cv2.cvtColor(lab, cv2.COLOR_Lab2RGB)
    rgb = np.clip(out * 255 + 0.5, 0, 255).astype(np.uint8)
    return Closeup(
        rgb,
        lm,
        d < 0.6 * r,
        (d > 1.6 * r) & (d < 2.4 * r) & face_skin((h, w), lm, margin=8),
        (d > 0.5 * r) & (d < 1.5 * r),
        size,
    )
