using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Serverless.Core.Tests;

/// <summary>Reads a QR code from rendered pixels with ZXing, as a phone's camera app would.</summary>
internal static class QrCodes
{
    public static string Decode(Poppler.Bitmap page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var source = new RGBLuminanceSource(page.Rgb, page.Width, page.Height, RGBLuminanceSource.BitmapFormat.RGB24);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
        Assert.True(result is not null, "No QR code found on the page.");
        return result.Text;
    }
}
