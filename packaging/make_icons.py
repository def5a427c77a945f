"""Draw the SmartSkin app icon and write the .png, .ico (Windows) and .icns (macOS) files.

Run: .venv/bin/python packaging/make_icons.py  (writes resources/icons/)
"""

from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"


def draw(size: int = 1024) -> Image.Image:
    s = size
    im = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle(
        (s * 0.06, s * 0.06, s * 0.94, s * 0.94), radius=s * 0.2, fill=(44, 44, 46, 255)
    )
    # A face-like oval split in two tones: before (left) and after (right).
    box = (s * 0.27, s * 0.18, s * 0.73, s * 0.82)
    left = Image.new("L", (s, s), 0)
    ImageDraw.Draw(left).ellipse(box, fill=255)
    half = Image.new("L", (s, s), 0)
    ImageDraw.Draw(half).rectangle((0, 0, s // 2, s), fill=255)
    before = Image.new("RGBA", (s, s), (196, 140, 110, 255))
    after = Image.new("RGBA", (s, s), (236, 196, 172, 255))
    im.paste(before, (0, 0), ImageChops.multiply(left, half))
    im.paste(after, (0, 0), ImageChops.multiply(left, ImageChops.invert(half)))
    d = ImageDraw.Draw(im)
    d.line((s / 2, s * 0.14, s / 2, s * 0.86), fill=(250, 250, 250, 255), width=max(2, s // 64))
    glow = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    ImageDraw.Draw(glow).ellipse((s * 0.56, s * 0.3, s * 0.64, s * 0.38), fill=(255, 255, 255, 200))
    return Image.alpha_composite(im, glow.filter(ImageFilter.GaussianBlur(s / 90)))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw()
    icon.resize((512, 512), Image.LANCZOS).save(OUT / "smartskin.png")
    icon.save(
        OUT / "smartskin.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )
    icon.save(OUT / "smartskin.icns")
    print(OUT)


if __name__ == "__main__":
    main()
