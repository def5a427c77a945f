"""One person's skin colour, learnt from their face, and the guard against a fringe of hair.

Chroma is compared in a form that does not change with shading, so the same skin in the
face's light and in the shade of the neck matches; lightness limits keep out what is far
darker (hair, shadow) or lighter (cream clothes, lamps) than that face's skin.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .faces import Face


@dataclass
class ColourModel:
    """One person's skin colour: a Gaussian over shading-free chroma, plus a lightness range.

    Chroma (a*, b*) is divided by (L* + 16), which a change of exposure scales alike, so
    the same skin in the face's light and in the shade of the neck gives the same numbers.
    """

    mean: np.ndarray  # (2,)
    inv: np.ndarray  # (2, 2)
    l_lo: float
    l_hi: float
    l_mean: float
    l_std: float

    @staticmethod
    def chroma(lab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = 50.0 / (lab[..., 0] + 16.0)
        return lab[..., 1] * k, lab[..., 2] * k

    @classmethod
    def fit(cls, samples: np.ndarray) -> ColourModel:
        """Fit robustly: samples far from a first fit (lenses, frames, stray hair) are dropped."""
        ca, cb = cls.chroma(samples.astype(np.float64))
        ab = np.stack([ca, cb], 1)
        keep = np.ones(len(ab), bool)
        for _ in range(2):
            mean = ab[keep].mean(0)
            cov = np.cov(ab[keep].T) + np.eye(2) * 1.5  # floor: a little chroma spread
            inv = np.linalg.inv(cov)
            d = ab - mean
            keep = np.einsum("ij,jk,ik->i", d, inv, d) < 2.5**2
        lo, hi = np.percentile(samples[keep, 0], [2, 98])
        light = samples[keep, 0]
        return cls(mean, inv, float(lo), float(hi), float(light.mean()), float(light.std()))

    def likelihood(self, lab: np.ndarray) -> np.ndarray:
        """Soft likelihood in [0, 1] that each pixel of ``lab`` (float32) is this skin,
        in any shade (for the body: necks and arms are often darker than the lit face)."""
        ca, cb = self.chroma(lab)
        da, db = ca - np.float32(self.mean[0]), cb - np.float32(self.mean[1])
        i = self.inv.astype(np.float32)
        maha2 = i[0, 0] * da * da + 2 * i[0, 1] * da * db + i[1, 1] * db * db
        light = lab[..., 0]
        # Shade is allowed (necks and arms are often darker than the lit face); much brighter
        # than the face is not skin (white shirts, lamps), much darker is hair or shadow.
        pen = np.clip((self.l_lo - 30 - light) / 10, 0, None) + np.clip(
            (light - self.l_hi - 8) / 6, 0, None
        )
        return np.asarray(np.exp(-0.2 * maha2 - pen * pen), dtype=np.float32)

    def not_lighter(self, lab: np.ndarray) -> np.ndarray:
        """Weight in [0, 1]: body skin is rarely much lighter than the lit face (cream and
        white clothes, straps and lamps of a skin-like hue are)."""
        top = self.l_mean + self.l_std + 6.0
        return np.asarray(np.clip((top - lab[..., 0]) / 6.0, 0, 1), np.float32)

    def in_face_light(self, lab: np.ndarray) -> np.ndarray:
        """Weight in [0, 1]: as light as this face's own skin (not a dark fringe of hair)."""
        low = self.l_mean - 2.5 * self.l_std
        return np.asarray(np.exp(-(np.clip((low - lab[..., 0]) / 4, 0, None) ** 2)), np.float32)


def hair_guard(
    face: Face, box: tuple[slice, slice], model: ColourModel, lab: np.ndarray, like: np.ndarray
) -> np.ndarray:
    """Weight over ``box``: above the eyes, skin must match the face's colour closely and be
    about as light and as smooth as its cheeks (a fringe of hair over the forehead has a
    skin-like hue, but is a little off, darker or full of fine strands); below the eyes
    folds and shadows are skin all the same."""
    guard = np.ones(lab[box].shape[:2], np.float32)
    assert face.landmarks is not None
    top = box[0].start
    eyes_y = round(float(face.landmarks[[33, 263], 1].mean()))
    if eyes_y <= top:
        return guard
    upper = (slice(top, eyes_y), box[1])
    size = face.size
    light = lab[:eyes_y, :, 0]  # rows down to the eyes, all columns (blur context)
    fine = light - cv2.GaussianBlur(light, (0, 0), max(0.7, size / 150))
    energy = np.sqrt(cv2.GaussianBlur(fine * fine, (0, 0), max(1.0, size / 40)))
    cheeks = face.landmarks[[50, 280, 205, 425]]
    cheek_light = lab[..., 0]
    ref_fine = [
        local_energy(cheek_light, round(float(x)), round(float(y)), size) for x, y in cheeks
    ]
    ref = max(0.3, float(np.median(ref_fine)))
    smooth = np.clip((3.5 * ref - energy[upper[0], upper[1]]) / (1.5 * ref), 0, 1)
    close = np.clip((like[: eyes_y - top] - 0.45) / 0.3, 0, 1)
    guard[: eyes_y - top] = model.in_face_light(lab[upper]) * smooth * close
    return guard


def local_energy(light: np.ndarray, x: int, y: int, size: float) -> float:
    """Fine-texture energy (as in :func:`_hair_guard`) around (x, y): the skin's own grain."""
    r = max(4, round(size / 15))
    h, w = light.shape
    patch = light[max(0, y - r) : min(h, y + r), max(0, x - r) : min(w, x + r)]
    if patch.size < 16:
        return 0.0
    fine = patch - cv2.GaussianBlur(patch, (0, 0), max(0.7, size / 150))
    return float(np.sqrt(np.mean(fine * fine)))
