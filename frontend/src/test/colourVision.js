// Colour-vision deficiency simulation (Machado, Oliveira & Fernandes 2009, severity 1.0)
// and CIE76 colour difference, for tests of colour tables that must stay distinguishable.

const MATRICES = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
}
export const VISIONS = Object.keys(MATRICES)

const toLinear = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)

function hexToLinear(hex) {
  const value = hex.replace('#', '')
  return [0, 2, 4].map((at) => toLinear(parseInt(value.slice(at, at + 2), 16) / 255))
}

export function simulate(hex, vision) {
  const rgb = hexToLinear(hex)
  return MATRICES[vision].map((row) => Math.min(1, Math.max(0, row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])))
}

function linearToLab([r, g, b]) {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116)
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))]
}

/** CIE76 difference between two colours as a person with `vision` sees them. */
export function difference(a, b, vision = 'normal') {
  const [l1, a1, b1] = linearToLab(simulate(a, vision))
  const [l2, a2, b2] = linearToLab(simulate(b, vision))
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2)
}
