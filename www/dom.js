// DOM helper shared by the demo page's modules. Text goes in as a text node only, never as markup.

/** A `<tag class="className">text</tag>` element (className and text optional). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
