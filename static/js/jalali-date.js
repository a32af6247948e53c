// The Gregorian date that a date typed in the admin's Jalali boxes stands for, shown beside
// the box while the editor types (the server reads and checks the date again on saving).
// Arithmetic: the 33-year cycles with their break years (Borkowski), as archive.text.jalali.
(function () {
  "use strict";

  const MONTHS = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
  ];
  const BREAKS = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
  ];

  const div = (a, b) => Math.trunc(a / b);
  const mod = (a, b) => a - Math.trunc(a / b) * b;

  function asciiDigits(text) {
    return text
      .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  }

  function folded(text) {
    return text.replace(/ي/g, "ی").replace(/ك/g, "ک").replace(/\u200c/g, "").trim();
  }

  // The year's leap state (0 in a leap year), its Gregorian year and the day of March
  // on which it begins.
  function calendar(jy) {
    let leapJ = -14;
    let jp = BREAKS[0];
    let jump = 0;
    for (let i = 1; i < BREAKS.length; i += 1) {
      const jm = BREAKS[i];
      jump = jm - jp;
      if (jy < jm) break;
      leapJ += div(jump, 33) * 8 + div(mod(jump, 33), 4);
      jp = jm;
    }
    let n = jy - jp;
    leapJ += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
    const gy = jy + 621;
    const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
    let leap = mod(mod(n + 1, 33) - 1, 4);
    if (leap === -1) leap = 4;
    return { leap, gy, march: 20 + leapJ - leapG };
  }

  function dayNumber(gy, gm, gd) {
    let d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5);
    d += gd - 34840408;
    return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
  }

  function gregorian(jdn) {
    let j = 4 * jdn + 139361631;
    j += div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
    const i = div(mod(j, 1461), 4) * 5 + 308;
    const gd = div(mod(i, 153), 5) + 1;
    const gm = mod(div(i, 153), 12) + 1;
    return [div(j, 1461) - 100100 + div(8 - gm, 6), gm, gd];
  }

  function fromJalali(jy, jm, jd) {
    if (jy < 1 || jm < 1 || jm > 12 || jd < 1) return null;
    const { leap, gy, march } = calendar(jy);
    const length = jm <= 6 ? 31 : jm <= 11 ? 30 : leap === 0 ? 30 : 29;
    if (jd > length) return null;
    const jdn = dayNumber(gy, 3, march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
    return gregorian(jdn);
  }

  function iso([y, m, d]) {
    return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }

  // The Gregorian date of what is typed, or "" while it is not (yet) a date.
  function read(typed) {
    const text = folded(asciiDigits(typed));
    let m = text.match(/^(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})$/);
    if (m) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (y >= 1700) {
        const date = new Date(Date.UTC(y, mo - 1, d));
        return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? iso([y, mo, d]) : "";
      }
      const found = fromJalali(y, mo, d);
      return found ? iso(found) : "";
    }
    m = text.match(/^(\d{1,2})\s+(\S+)\s+(\d{4})$/);
    if (m && MONTHS.includes(m[2])) {
      const found = fromJalali(Number(m[3]), MONTHS.indexOf(m[2]) + 1, Number(m[1]));
      return found ? iso(found) : "";
    }
    return "";
  }

  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.matches("[data-jalali-date]")) return;
    const shown = box.parentElement.querySelector(".jalali-gregorian");
    if (shown) shown.textContent = read(box.value);
  });
})();
