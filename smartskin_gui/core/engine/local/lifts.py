"""Who each person is (their face, skin colour, how close to white their skin is) and,
per pixel, whose lift applies: the lightness and brightest channel of that person's face,
which cap how much their neck, ears and hands may rise (:func:`.whitening.brighten`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .faces import Face
from .guided import wide_blur
from .skincolour import ColourModel


@dataclass
class Person:
    """A face found, its skin colour and its skin's typical brightest channel."""

    face: Face
    model: ColourModel  # from the clean patches (cheeks, nose, brow)
    own: ColourModel  # from the whole face (its shadowed side, its redder parts)
    peak: float

    @property
    def centre(self) -> np.ndarray:
        x0, y0, x1, y1 = self.face.box
        return np.array([(x0 + x1) / 2, (y0 + y1) / 2], np.float32)


class Lifts:
    """Per pixel, the lightness and brightest channel of the face whose lift applies there:
    each person's reach adds its face's, weighted; the result is their weighted mean."""

    def __init__(self, shape: tuple[int, int]) -> None:
        self.light = np.zeros(shape, np.float32)
        self.peak = np.zeros(shape, np.float32)
        self.weight = np.zeros(shape, np.float32)

    def add(self, box: tuple[slice, slice], weight: np.ndarray, person: Person) -> None:
        self.light[box] += weight * person.model.l_mean
        self.peak[box] += weight * person.peak
        self.weight[box] += weight

    def maps(self, people: list[Person], size: float) -> tuple[np.ndarray, np.ndarray]:
        light = float(np.median([p.model.l_mean for p in people])) if people else 60.0
        peak = float(np.median([p.peak for p in people])) if people else 0.7
        # Smooth (a face's size / 8), as smooth maps are: on a coarser copy.
        out = []
        for total, fallback in ((self.light, light), (self.peak, peak)):
            mean = (total + 1e-3 * fallback) / (self.weight + 1e-3)
            out.append(wide_blur(np.asarray(mean, np.float32), max(1.0, size / 8)))
        return out[0], out[1]
