// Python's str(float), which MdoHelper's string form is made of ('0.5+3.0x/2.0').

/**
 * Formats a number as Python 3 prints a float: the shortest digits that read back as the same
 * number, always with a decimal point or an exponent (`3.0`, `0.5`), and in scientific notation
 * below 1e-4 or from 1e16 (`1e-05`, `1.5e+16`, two exponent digits at least).
 */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) {
    return 'nan';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? 'inf' : '-inf';
  }
  if (value === 0) {
    return Object.is(value, -0) ? '-0.0' : '0.0';
  }
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(Math.abs(value));
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits.slice(0, 1)}.${digits.slice(1)}` : digits;
    const exponentDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${exponentDigits}`;
  }
  if (exponent < 0) {
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

/**
 * The significant digits of a positive finite number and the power of ten of the first one.
 * JavaScript's own number-to-string already picks the shortest digits that round-trip (the
 * closest when several do), as Python's repr does; only the layout differs.
 */
function shortestDigits(value: number): { digits: string; exponent: number } {
  const [coefficient = '', exponentText = '0'] = String(value).split('e');
  const [whole = '', fraction = ''] = coefficient.split('.');
  const all = whole + fraction;
  const significant = all.replace(/^0+/, '');
  const leadingZeros = all.length - significant.length;
  return {
    digits: significant.replace(/0+$/, ''),
    exponent: Number(exponentText) + whole.length - 1 - leadingZeros,
  };
}
