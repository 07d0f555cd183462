#!/usr/bin/env node
/**
 * Draws assets/icon.png: a database cylinder with a lightning bolt on an indigo tile, the usual
 * picture of Amazon DynamoDB. Plain Node (zlib only), so the icon can be regenerated anywhere:
 *
 *   node tools/makeIcon.js [output.png] [size]
 *
 * Shapes are described in a 256 x 256 design space and rasterised with 4 x 4 supersampling,
 * which gives smooth (anti-aliased) edges at any output size.
 */
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const output = process.argv[2] ?? path.resolve(__dirname, "../assets/icon.png");
const size = Number(process.argv[3] ?? 256);
const SAMPLES = 4;
const DESIGN = 256;

// ---- geometry (design-space predicates) ----

const insideRoundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};

const insideEllipse = (cx, cy, rx, ry) => (x, y) =>
  ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

const insideRect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

/** Even-odd ray casting. */
const insidePolygon = (points) => (x, y) => {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};

function distanceToSegment(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** The polygon grown by `width` (rounded corners): used for the gap around the bolt. */
const nearPolygon = (points, width) => {
  const inside = insidePolygon(points);
  return (x, y) => {
    if (inside(x, y)) return true;
    for (let i = 0; i < points.length; i++) {
      if (distanceToSegment(x, y, points[i], points[(i + 1) % points.length]) <= width) return true;
    }
    return false;
  };
};

/** The front (lower) half of an ellipse outline: the seam between two stacked disks. */
const lowerArc = (cx, cy, rx, ry, half) => {
  const outer = insideEllipse(cx, cy, rx + half, ry + half);
  const inner = insideEllipse(cx, cy, rx - half, ry - half);
  return (x, y) => y >= cy && outer(x, y) && !inner(x, y);
};

const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((shape) => shape(x, y));
const intersect =
  (...shapes) =>
  (x, y) =>
    shapes.every((shape) => shape(x, y));

// ---- colours ----

const hex = (value) => [1, 3, 5].map((i) => Number.parseInt(value.slice(i, i + 2), 16));
const mix = (a, b, t) => a.map((channel, i) => channel + (b[i] - channel) * t);
const clamp01 = (t) => Math.max(0, Math.min(1, t));

// AWS's database palette: deep indigo to bright blue, lit from the top right.
const TILE_DARK = hex("#2E27AD");
const TILE_LIGHT = hex("#527FFF");
const tile = (x, y) => mix(TILE_DARK, TILE_LIGHT, clamp01((x - y + DESIGN) / (2 * DESIGN)));
const WHITE = () => [255, 255, 255];
const TOP_FACE = () => hex("#DCDAFF");
const BOLT_TOP = hex("#FFD15C");
const BOLT_BOTTOM = hex("#FF9900");
const bolt = (_x, y) => mix(BOLT_TOP, BOLT_BOTTOM, clamp01((y - 82) / 142));

// ---- the picture, back to front ----

const CYL = { cx: 102, rx: 64, ry: 20, top: 58, bottom: 190 };
const BOLT = [
  [172, 82],
  [214, 82],
  [190, 132],
  [220, 132],
  [150, 224],
  [166, 156],
  [138, 156],
];

const layers = [
  { shape: insideRoundRect(0, 0, DESIGN, DESIGN, 40), color: tile },
  {
    // Cylinder body: the side plus both end caps.
    shape: union(
      insideRect(CYL.cx - CYL.rx, CYL.top, CYL.cx + CYL.rx, CYL.bottom),
      insideEllipse(CYL.cx, CYL.top, CYL.rx, CYL.ry),
      insideEllipse(CYL.cx, CYL.bottom, CYL.rx, CYL.ry),
    ),
    color: WHITE,
  },
  // Seams between the stacked disks, cut through to the tile colour.
  { shape: lowerArc(CYL.cx, 102, CYL.rx, CYL.ry, 3.5), color: tile },
  { shape: lowerArc(CYL.cx, 146, CYL.rx, CYL.ry, 3.5), color: tile },
  // The top face, inset so a white rim remains.
  { shape: insideEllipse(CYL.cx, CYL.top, CYL.rx - 9, CYL.ry - 7), color: TOP_FACE },
  // A gap in the tile colour around the bolt separates it from the cylinder.
  {
    shape: intersect(insideRoundRect(0, 0, DESIGN, DESIGN, 40), nearPolygon(BOLT, 7)),
    color: tile,
  },
  { shape: insidePolygon(BOLT), color: bolt },
];

// ---- rasterise ----

const rgba = Buffer.alloc(size * size * 4);
const scale = DESIGN / size;
for (let py = 0; py < size; py++) {
  for (let px = 0; px < size; px++) {
    // Accumulate premultiplied colour over the subsamples; each layer paints "over" the last.
    let r = 0;
    let g = 0;
    let b = 0;
    let a = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = (px + (sx + 0.5) / SAMPLES) * scale;
        const y = (py + (sy + 0.5) / SAMPLES) * scale;
        let color = null;
        for (const layer of layers) if (layer.shape(x, y)) color = layer.color(x, y);
        if (color) {
          r += color[0];
          g += color[1];
          b += color[2];
          a += 1;
        }
      }
    }
    const offset = (py * size + px) * 4;
    if (a > 0) {
      rgba[offset] = Math.round(r / a);
      rgba[offset + 1] = Math.round(g / a);
      rgba[offset + 2] = Math.round(b / a);
      rgba[offset + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES));
    }
  }
}

// ---- encode PNG (8-bit RGBA, no interlace) ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8; // bit depth
header[9] = 6; // colour type: RGBA
// Bytes 10-12 (compression, filter, interlace) stay 0.

// Every row starts with filter type 0 (none); deflate does the compressing.
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) {
  rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
}

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, png);
console.log(`Wrote ${output} (${size}x${size}, ${png.length} bytes)`);
