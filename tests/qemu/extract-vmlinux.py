#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the uncompressed ELF kernel held inside a bzImage (vmlinuz).

The x86 boot protocol (2.08 and later) names the compressed payload in the
setup header: payload_offset at 0x248 and payload_length at 0x24c, counted
from the start of the protected-mode code, which follows the (setup_sects + 1)
sectors of real-mode setup. The payload's first bytes say its compression;
gzip, xz, lzma and bzip2 are decompressed with Python's own modules (zstd and
lz4 are not, and say so). The result must be an ELF file; QEMU boots it
through its PVH entry when the kernel carries the PVH note, which
--check-pvh tests (exit 1 without it).

Usage: extract-vmlinux.py VMLINUZ OUT
       extract-vmlinux.py --check-pvh VMLINUX
"""
import bz2
import lzma
import struct
import sys
import zlib

MAX_KERNEL = 512 << 20  # bound on the decompressed size


def payload(image):
    if len(image) < 0x250 or image[0x202:0x206] != b"HdrS":
        raise ValueError("not a bzImage (no HdrS setup header)")
    version = struct.unpack_from("<H", image, 0x206)[0]
    if version < 0x208:
        raise ValueError("boot protocol %#x has no payload fields" % version)
    setup_sects = image[0x1F1] or 4
    start = (setup_sects + 1) * 512
    offset, length = struct.unpack_from("<II", image, 0x248)
    begin = start + offset
    if begin + length > len(image) or length == 0:
        raise ValueError("payload %d+%d lies outside the file" % (begin, length))
    return image[begin:begin + length]


def decompress(data):
    if data[:2] == b"\x1f\x8b":
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, MAX_KERNEL)
    elif data[:6] == b"\xfd7zXZ\x00":
        out = lzma.LZMADecompressor(lzma.FORMAT_XZ).decompress(data, MAX_KERNEL)
    elif data[:3] == b"\x5d\x00\x00":
        out = lzma.LZMADecompressor(lzma.FORMAT_ALONE).decompress(data, MAX_KERNEL)
    elif data[:3] == b"BZh":
        out = bz2.BZ2Decompressor().decompress(data, MAX_KERNEL)
    else:
        raise ValueError("payload compression %s is not one Python decompresses"
                         % data[:4].hex())
    if out[:4] != b"\x7fELF":
        raise ValueError("decompressed payload is not an ELF file")
    return out


def has_pvh_note(elf):
    """True when a PT_NOTE segment holds Xen's PHYS32_ENTRY note (type 18)."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        return False  # QEMU's PVH loader wants a little-endian ELF64 here
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    for i in range(min(phnum, 64)):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from(
            "<IIQQQQ", elf, phoff + i * phentsize)
        if p_type != 4:  # PT_NOTE
            continue
        pos, end = p_offset, min(p_offset + p_filesz, len(elf))
        while pos + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", elf, pos)
            name = elf[pos + 12:pos + 12 + namesz].rstrip(b"\0")
            if name == b"Xen" and ntype == 18:
                return True
            pos += 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3)
    return False


def main(argv):
    if len(argv) == 3 and argv[1] == "--check-pvh":
        with open(argv[2], "rb") as f:
            return 0 if has_pvh_note(f.read()) else 1
    if len(argv) != 3:
        sys.stderr.write(__doc__.split("\n\n")[-1] + "\n")
        return 2
    with open(argv[1], "rb") as f:
        image = f.read()
    try:
        elf = decompress(payload(image))
    except (ValueError, lzma.LZMAError, zlib.error, OSError) as e:
        sys.stderr.write("extract-vmlinux: %s: %s\n" % (argv[1], e))
        return 1
    with open(argv[2], "wb") as f:
        f.write(elf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
