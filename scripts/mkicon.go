//go:build ignore

// Mkicon draws the Innkeep application icon — a bed on a deep blue tile —
// and writes it as the PNG that Wails packages for every platform
// (build/appicon.png, 1024x1024), as the Windows icon (build/windows/icon.ico,
// PNG-compressed entries from 16 to 256 pixels), and as the 256x256 icon of
// the Linux desktop entry (build/linux/innkeep.png).
//
// The drawing is a handful of rounded boxes rendered from their signed
// distance, so every size is drawn sharp rather than scaled down.
//
// Usage, from the repository root:
//
//	go run scripts/mkicon.go [-png build/appicon.png] [-ico build/windows/icon.ico] [-linux build/linux/innkeep.png]
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

// design is the canvas the shapes are laid out on; images of other sizes
// scale it.
const design = 1024.0

// box is a rounded rectangle in design units.
type box struct {
	x0, y0, x1, y1, r float64
}

// dist returns the signed distance from (x, y) to b: negative inside.
func (b box) dist(x, y float64) float64 {
	cx, cy := (b.x0+b.x1)/2, (b.y0+b.y1)/2
	hx, hy := (b.x1-b.x0)/2-b.r, (b.y1-b.y0)/2-b.r
	qx, qy := math.Abs(x-cx)-hx, math.Abs(y-cy)-hy
	out := math.Hypot(math.Max(qx, 0), math.Max(qy, 0))
	in := math.Min(math.Max(qx, qy), 0)
	return out + in - b.r
}

// layer is a set of boxes painted in one colour.
type layer struct {
	boxes []box
	col   color.NRGBA
	// top and bottom, when set, shade the layer vertically instead of col.
	top, bottom *color.NRGBA
}

var (
	navy      = color.NRGBA{0x0f, 0x3d, 0x5e, 0xff}
	navyLight = color.NRGBA{0x1a, 0x55, 0x7f, 0xff}
	cream     = color.NRGBA{0xf4, 0xee, 0xe2, 0xff}
	blanket   = color.NRGBA{0xcf, 0xe0, 0xee, 0xff}
	gold      = color.NRGBA{0xe8, 0xb0, 0x4b, 0xff}
)

// layers, back to front.
var layers = []layer{
	// The tile.
	{boxes: []box{{56, 56, 968, 968, 200}}, top: &navyLight, bottom: &navy},
	// Bed frame: headboard, mattress and foot post.
	{boxes: []box{
		{212, 300, 300, 744, 34},
		{212, 560, 812, 668, 30},
		{744, 610, 812, 744, 26},
	}, col: cream},
	// Blanket over the sleeper.
	{boxes: []box{{430, 446, 812, 590, 52}}, col: blanket},
	// Pillow.
	{boxes: []box{{316, 478, 470, 558, 36}}, col: gold},
}

// render draws the icon at size x size pixels.
func render(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := design / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			// Pixel centre in design units.
			x, y := (float64(px)+0.5)*scale, (float64(py)+0.5)*scale
			var r, g, b, a float64 // premultiplied, 0..1
			for _, l := range layers {
				d := math.Inf(1)
				for _, bx := range l.boxes {
					d = math.Min(d, bx.dist(x, y))
				}
				// Coverage from the distance measured in output pixels.
				cov := clamp(0.5-d/scale, 0, 1)
				if cov == 0 {
					continue
				}
				c := l.col
				if l.top != nil {
					c = mix(*l.top, *l.bottom, clamp((y-56)/(968-56), 0, 1))
				}
				ca := cov * float64(c.A) / 255
				r = float64(c.R)/255*ca + r*(1-ca)
				g = float64(c.G)/255*ca + g*(1-ca)
				b = float64(c.B)/255*ca + b*(1-ca)
				a = ca + a*(1-ca)
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a * 255)),
				G: uint8(math.Round(g / a * 255)),
				B: uint8(math.Round(b / a * 255)),
				A: uint8(math.Round(a * 255)),
			})
		}
	}
	return img
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.NRGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), f(a.A, b.A)}
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

func encodePNG(img image.Image) []byte {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

// encodeICO packs one PNG per size into a Windows .ico file.
func encodeICO(sizes []int) []byte {
	var dir, data bytes.Buffer
	offset := 6 + 16*len(sizes)
	for _, s := range sizes {
		p := encodePNG(render(s))
		dim := uint8(s)
		if s >= 256 {
			dim = 0 // 0 means 256
		}
		dir.Write([]byte{dim, dim, 0, 0})
		binary.Write(&dir, binary.LittleEndian, uint16(1))  // planes
		binary.Write(&dir, binary.LittleEndian, uint16(32)) // bits per pixel
		binary.Write(&dir, binary.LittleEndian, uint32(len(p)))
		binary.Write(&dir, binary.LittleEndian, uint32(offset))
		offset += len(p)
		data.Write(p)
	}
	var out bytes.Buffer
	binary.Write(&out, binary.LittleEndian, [3]uint16{0, 1, uint16(len(sizes))})
	out.Write(dir.Bytes())
	out.Write(data.Bytes())
	return out.Bytes()
}

func main() {
	pngPath := flag.String("png", "build/appicon.png", "where to write the 1024x1024 PNG (empty to skip)")
	icoPath := flag.String("ico", "build/windows/icon.ico", "where to write the Windows icon (empty to skip)")
	linuxPath := flag.String("linux", "build/linux/innkeep.png", "where to write the 256x256 PNG for Linux desktops (empty to skip)")
	size := flag.Int("size", 1024, "size of the PNG in pixels")
	flag.Parse()
	log.SetFlags(0)
	if *pngPath != "" {
		if err := os.WriteFile(*pngPath, encodePNG(render(*size)), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", *pngPath)
	}
	if *linuxPath != "" {
		if err := os.WriteFile(*linuxPath, encodePNG(render(256)), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", *linuxPath)
	}
	if *icoPath != "" {
		if err := os.WriteFile(*icoPath, encodeICO([]int{16, 24, 32, 48, 64, 128, 256}), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", *icoPath)
	}
}
