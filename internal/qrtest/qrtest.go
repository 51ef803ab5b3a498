// Package qrtest reads QR codes back from images, as a phone camera would, so tests can
// check that a poster's code holds exactly the link it should. It is for tests only.
package qrtest

import (
	"bytes"
	"fmt"
	"image"
	_ "image/png" // posters are PNG

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Read returns the text of the QR code in img.
func Read(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", fmt.Errorf("qrtest: %w", err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err == nil {
		return res.GetText(), nil
	}
	// gozxing's single-code detector misjudges the module size of a few codes at a given
	// scale ("dimension = 35", not a QR size): of 1,200 posters with random school codes it
	// read 1,190. Its multi-code detector looks for finder patterns another way and read all
	// 1,200, as a phone's scanner tries again from another angle. The code must still hold
	// exactly one text.
	all, merr := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, nil)
	if merr != nil || len(all) != 1 {
		return "", fmt.Errorf("qrtest: no readable QR code: %w", err)
	}
	return all[0].GetText(), nil
}

// ReadImage decodes an encoded image (PNG) and returns the text of its QR code.
func ReadImage(b []byte) (string, error) {
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return "", fmt.Errorf("qrtest: decode image: %w", err)
	}
	return Read(img)
}
