using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace StadtLabor.Bot.Tests.Manifest;

/// <summary>Teams app icons: color.png 192x192 full colour, outline.png 32x32 white on transparent.</summary>
public sealed class IconTests
{
    private static readonly string ColorIcon = Path.Combine(ToolRunner.ManifestDir, "color.png");
    private static readonly string OutlineIcon = Path.Combine(ToolRunner.ManifestDir, "outline.png");

    [Fact]
    public void ColorIcon_Header_Is192x192Png()
    {
        var (width, height, bitDepth, colorType) = PngImage.ReadHeader(File.ReadAllBytes(ColorIcon));

        Assert.Equal((192, 192), (width, height));
        Assert.Equal(8, bitDepth);
        Assert.Contains(colorType, new byte[] { 2, 6 });
    }

    [Fact]
    public void ColorIcon_Pixels_AreFullColourAndOpaqueInside()
    {
        var image = PngImage.Read(ColorIcon);

        var colours = new HashSet<(byte, byte, byte)>();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b, a) = image[x, y];
                if (a == 255)
                {
                    colours.Add((r, g, b));
                }
            }
        }

        Assert.Equal(255, image[96, 8].A);
        Assert.Equal(255, image[8, 96].A);
        var (br, bg, bb, _) = image[20, 96];
        Assert.True(br != bg || bg != bb, "the background is not grey: the colour icon must be in colour");
        Assert.True(colours.Count > 16, $"only {colours.Count} opaque colours: expected a full-colour icon");
    }

    [Fact]
    public void OutlineIcon_Header_Is32x32PngWithAlphaChannel()
    {
        var image = PngImage.Read(OutlineIcon);

        Assert.Equal((32, 32), (image.Width, image.Height));
        Assert.True(image.HasAlphaChannel, FormattableString.Invariant($"colour type {image.ColorType} has no alpha channel"));
    }

    [Fact]
    public void OutlineIcon_Pixels_AreOnlyWhiteOrFullyTransparent()
    {
        var image = PngImage.Read(OutlineIcon);

        var violations = OutlineViolations(image);
        var drawn = CountDrawn(image);

        Assert.True(violations.Count == 0, "pixels that are neither white nor fully transparent: " + string.Join(", ", violations.Take(10)));
        Assert.InRange(drawn, 32 * 32 / 10, 32 * 32 * 7 / 10);
    }

    [Fact]
    public void OutlineCheck_ColouredPixel_IsReported()
    {
        var pixels = new byte[8 * 8 * 4];
        pixels.AsSpan(0, 4).Fill(255);          // (0,0) white, opaque
        pixels[(9 * 4) + 0] = 200;               // (1,1) light red, half transparent
        pixels[(9 * 4) + 3] = 128;
        var image = PngImage.Decode(EncodeRgba(8, 8, pixels));

        var violations = OutlineViolations(image);

        Assert.Equal(["(1,1)=#C8000080"], violations);
    }

    [Fact]
    public void PngImage_AllFilterTypes_DecodeToOriginalPixels()
    {
        var random = new Random(4711);
        var pixels = new byte[13 * 11 * 4];
        random.NextBytes(pixels);

        var image = PngImage.Decode(EncodeRgba(13, 11, pixels));

        for (var y = 0; y < 11; y++)
        {
            for (var x = 0; x < 13; x++)
            {
                var i = ((y * 13) + x) * 4;
                Assert.Equal((pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]), image[x, y]);
            }
        }
    }

    [Fact]
    public void PngImage_CorruptedChunk_IsRejected()
    {
        var png = File.ReadAllBytes(OutlineIcon);
        png[^20] ^= 0x55; // inside the last IDAT chunk

        Assert.Throws<InvalidDataException>(() => PngImage.Decode(png));
    }

    [Fact]
    public void IconGenerator_Rerun_ReproducesCommittedPixels()
    {
        ToolRunner.RequireTool("python3", "to run manifest/icons/make-icons.py");
        using var temp = new TempDir();

        var result = ToolRunner.Run("python3", [Path.Combine(ToolRunner.ManifestDir, "icons", "make-icons.py"), temp.Path]);

        Assert.True(result.ExitCode == 0, result.Output);
        foreach (var name in new[] { "color.png", "outline.png" })
        {
            var committed = PngImage.Read(Path.Combine(ToolRunner.ManifestDir, name));
            var fresh = PngImage.Read(temp.File(name));
            Assert.Equal((committed.Width, committed.Height), (fresh.Width, fresh.Height));
            for (var y = 0; y < committed.Height; y++)
            {
                for (var x = 0; x < committed.Width; x++)
                {
                    // One anti-aliasing sample of 16 may land differently with another libm: allow that much.
                    var (a, b) = (committed[x, y], fresh[x, y]);
                    var close = Math.Abs(a.R - b.R) <= 20 && Math.Abs(a.G - b.G) <= 20 && Math.Abs(a.B - b.B) <= 20 && Math.Abs(a.A - b.A) <= 20;
                    Assert.True(close, FormattableString.Invariant($"{name} differs from make-icons.py output at ({x},{y}): re-run the script and commit the PNGs"));
                }
            }
        }
    }

    private static List<string> OutlineViolations(PngImage image)
    {
        var found = new List<string>();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b, a) = image[x, y];
                if (a != 0 && (r, g, b) != (255, 255, 255))
                {
                    found.Add(FormattableString.Invariant($"({x},{y})=#{r:X2}{g:X2}{b:X2}{a:X2}"));
                }
            }
        }

        return found;
    }

    private static int CountDrawn(PngImage image)
    {
        var n = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                n += image[x, y].A >= 128 ? 1 : 0;
            }
        }

        return n;
    }

    /// <summary>Writes an 8-bit RGBA PNG, cycling through all five filter types row by row (to test the reader).</summary>
    private static byte[] EncodeRgba(int width, int height, byte[] rgba)
    {
        var stride = width * 4;
        var raw = new byte[(stride + 1) * height];
        for (var y = 0; y < height; y++)
        {
            var filter = (byte)(y % 5);
            raw[y * (stride + 1)] = filter;
            for (var i = 0; i < stride; i++)
            {
                int x = rgba[(y * stride) + i];
                int a = i >= 4 ? rgba[(y * stride) + i - 4] : 0;
                int b = y > 0 ? rgba[((y - 1) * stride) + i] : 0;
                int c = i >= 4 && y > 0 ? rgba[((y - 1) * stride) + i - 4] : 0;
                var predictor = filter switch
                {
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => PngImage.Paeth(a, b, c),
                    _ => 0,
                };
                raw[(y * (stride + 1)) + 1 + i] = unchecked((byte)(x - predictor));
            }
        }

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 6;

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var body = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type).CopyTo(body, 0);
        data.CopyTo(body, 4);
        png.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(number, PngImage.Crc32(body));
        png.Write(number);
    }
}
