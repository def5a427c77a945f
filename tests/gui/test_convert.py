import numpy as np
import pytest

from smartskin_gui.workers.convert import from_qimage, to_qimage


@pytest.mark.parametrize("shape", [(3, 5, 3), (130, 257, 3), (64, 64, 3)])
def test_qimage_round_trip_with_row_padding(qapp, shape):
    rgb = np.random.default_rng(0).integers(0, 255, shape, dtype=np.uint8)
    image = to_qimage(rgb)
    assert (image.width(), image.height()) == (shape[1], shape[0])
    assert np.array_equal(from_qimage(image), rgb)
