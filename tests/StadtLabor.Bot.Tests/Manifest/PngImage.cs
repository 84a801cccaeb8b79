using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace StadtLabor.Bot.Tests.Manifest;

/// <summary>
/// A minimal PNG reader for checking the Teams icons: verifies signature and chunk CRCs, reads IHDR,
/// inflates IDAT with <see cref="ZLibStream"/> and reverses the five scanline filters. Supports 8-bit
/// greyscale, RGB, greyscale+alpha and RGBA without interlacing (what icon tools write); anything else throws.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _rgba;

    private PngImage(int width, int height, byte bitDepth, byte colorType, byte[] rgba)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        ColorType = colorType;
        _rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    public byte BitDepth { get; }

    /// <summary>PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA.</summary>
    public byte ColorType { get; }

    public bool HasAlphaChannel => ColorType is 4 or 6;

    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 4;
            return (_rgba[i], _rgba[i + 1], _rgba[i + 2], _rgba[i + 3]);
        }
    }

    /// <summary>Reads only the IHDR fields (width, height, bit depth, colour type) without decoding pixels.</summary>
    public static (int Width, int Height, byte BitDepth, byte ColorType) ReadHeader(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < 33 || !png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG file (signature missing)");
        }

        if (Encoding.ASCII.GetString(png, 12, 4) != "IHDR")
        {
            throw new InvalidDataException("the first chunk is not IHDR");
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        return (width, height, png[24], png[25]);
    }

    public static PngImage Read(string path) => Decode(File.ReadAllBytes(path));

    public static PngImage Decode(byte[] png)
    {
        var (width, height, bitDepth, colorType) = ReadHeader(png);
        var idat = new MemoryStream();
        var pos = 8;
        var sawEnd = false;
        while (pos + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            if (length < 0 || pos + 12 + length > png.Length)
            {
                throw new InvalidDataException($"chunk at byte {pos} runs past the end of the file");
            }

            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            var expectedCrc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            if (Crc32(png.AsSpan(pos + 4, 4 + length)) != expectedCrc)
            {
                throw new InvalidDataException($"CRC mismatch in chunk {type}");
            }

            if (type == "IHDR" && png[pos + 8 + 12] != 0)
            {
                throw new NotSupportedException("interlaced PNGs are not supported");
            }

            if (type == "IDAT")
            {
                idat.Write(png, pos + 8, length);
            }

            pos += 12 + length;
            if (type == "IEND")
            {
                sawEnd = true;
                break;
            }
        }

        if (!sawEnd)
        {
            throw new InvalidDataException("IEND chunk missing");
        }

        if (bitDepth != 8)
        {
            throw new NotSupportedException($"bit depth {bitDepth} is not supported (only 8)");
        }

        var channels = colorType switch
        {
            0 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            _ => throw new NotSupportedException($"colour type {colorType} is not supported"),
        };

        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.ReadExactly(raw);
        }

        var pixels = Unfilter(raw, height, stride, channels);
        return new PngImage(width, height, bitDepth, colorType, ToRgba(pixels, width * height, channels));
    }

    private static byte[] Unfilter(byte[] raw, int height, int stride, int bpp)
    {
        var output = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var cur = output.AsSpan(y * stride, stride);
            ReadOnlySpan<byte> prev = y > 0 ? output.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0;
                int b = prev[i];
                int c = i >= bpp ? prev[i - bpp] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"unknown filter type {filter} in row {y}"),
                };
                cur[i] = unchecked((byte)(src[i] + predictor));
            }
        }

        return output;
    }

    internal static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] ToRgba(byte[] pixels, int count, int channels)
    {
        var rgba = new byte[count * 4];
        for (var i = 0; i < count; i++)
        {
            var s = i * channels;
            var d = i * 4;
            switch (channels)
            {
                case 1:
                    rgba[d] = rgba[d + 1] = rgba[d + 2] = pixels[s];
                    rgba[d + 3] = 255;
                    break;
                case 2:
                    rgba[d] = rgba[d + 1] = rgba[d + 2] = pixels[s];
                    rgba[d + 3] = pixels[s + 1];
                    break;
                case 3:
                    rgba[d] = pixels[s];
                    rgba[d + 1] = pixels[s + 1];
                    rgba[d + 2] = pixels[s + 2];
                    rgba[d + 3] = 255;
                    break;
                default:
                    pixels.AsSpan(s, 4).CopyTo(rgba.AsSpan(d, 4));
                    break;
            }
        }

        return rgba;
    }

    private static readonly uint[] CrcTable = BuildCrcTable();

    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
