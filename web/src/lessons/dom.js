// Small DOM and number helpers every lesson file shares: an element with its properties, and a number to 4
// significant figures as an exercise shows it (plain text, and with a true minus for TeX).

// A new `tag` in `parent`: `text` sets its text, a DOM property is set as one, anything else as an attribute.
export function el(parent, tag, props = {}) {
  const node = parent.appendChild(document.createElement(tag));
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  return node;
}

// 4 significant figures: what an exercise shows of each number it asks the student to combine.
export const four = (x) => String(Number(x.toPrecision(4)));
export const texNum = (x) => four(x).replace('-', '−');
