"""Model loading is serialised: OpenCV's TFLite importer is not safe to enter twice at once."""

import threading

import cv2

from smartskin_gui.core.engine.local import tflite


def test_two_threads_never_load_a_model_at_the_same_time(monkeypatch):
    # Without the lock both threads meet at the barrier inside the loader; with it the first
    # waits alone until the barrier's bound breaks it, and the second enters only afterwards.
    meeting = threading.Barrier(2, timeout=0.5)
    met: list[bool] = []

    def fake_read(path: str) -> str:
        try:
            meeting.wait()
            met.append(True)
        except threading.BrokenBarrierError:
            met.append(False)
        return path

    monkeypatch.setattr(cv2.dnn, "readNetFromTFLite", fake_read)
    threads = [threading.Thread(target=tflite.load_net, args=(f"m{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert met == [False, False]


def test_the_bundled_models_load_from_several_threads_at_once():
    from smartskin_gui.core.resources import model_path

    names = (
        "face_detection_full_range.tflite",
        "face_landmark.tflite",
        "palm_detection_lite.tflite",
        "hand_landmark_lite.tflite",
    )
    paths = [str(model_path(n)) for n in names]
    errors: list[Exception] = []

    def load(p: str) -> None:
        try:
            tflite.load_net(p)
        except cv2.error as exc:
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(paths[i % len(paths)],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
