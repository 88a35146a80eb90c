#!/usr/bin/env python3
"""Writes small seed pictures for the picture fuzz targets: python3 seed_pictures.py CORPUS_ROOT.

Each format gets a few shapes of its own (palette, alpha, greyscale, 16-bit, progressive,
animated, lossless), so the fuzzer starts inside each decoder. Needs Pillow (with AVIF support
for the AVIF seeds; without it the AVIF corpus starts from the sniffing header only)."""
import io
import os
import sys

from PIL import Image, ImageDraw


def pictures():
    base = Image.new("RGB", (96, 64), (240, 230, 210))
    draw = ImageDraw.Draw(base)
    draw.ellipse((10, 8, 60, 56), fill=(30, 90, 160))
    draw.line((0, 63, 95, 0), fill=(200, 40, 40), width=3)
    alpha = base.convert("RGBA")
    alpha.putalpha(Image.linear_gradient("L").resize((96, 64)))
    grey = base.convert("L")
    palette = base.convert("P", palette=Image.ADAPTIVE, colors=16)
    wide = grey.point(lambda v: v * 256).convert("I;16")
    frames = [base, base.rotate(90, expand=False), base.transpose(Image.FLIP_LEFT_RIGHT)]
    return base, alpha, grey, palette, wide, frames


def encode(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def main(root):
    base, alpha, grey, palette, wide, frames = pictures()
    seeds = {
        "picture_png": {
            "rgb.png": encode(base, "PNG"),
            "alpha.png": encode(alpha, "PNG"),
            "grey.png": encode(grey, "PNG"),
            "palette.png": encode(palette, "PNG"),
            "sixteen-bit.png": encode(wide, "PNG"),
            "optimised.png": encode(base, "PNG", optimize=True),
        },
        "picture_jpeg": {
            "baseline.jpg": encode(base, "JPEG", quality=80),
            "progressive.jpg": encode(base, "JPEG", quality=60, progressive=True),
            "grey.jpg": encode(grey, "JPEG"),
            "cmyk.jpg": encode(base.convert("CMYK"), "JPEG"),
        },
        "picture_gif": {
            "still.gif": encode(palette, "GIF"),
            "animated.gif": encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=80, loop=0),
            "transparent.gif": encode(palette, "GIF", transparency=0),
        },
        "picture_webp": {
            "lossy.webp": encode(base, "WEBP", quality=70),
            "lossless.webp": encode(alpha, "WEBP", lossless=True),
            "animated.webp": encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=80),
        },
        "picture_avif": {},
    }
    try:
        seeds["picture_avif"]["rgb.avif"] = encode(base, "AVIF", quality=50)
        seeds["picture_avif"]["alpha.avif"] = encode(alpha, "AVIF", quality=50)
    except (KeyError, OSError, ValueError):
        seeds["picture_avif"]["header.avif"] = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"
    for target, files in seeds.items():
        folder = os.path.join(root, target)
        os.makedirs(folder, exist_ok=True)
        for name, data in files.items():
            with open(os.path.join(folder, name), "wb") as out:
                out.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
