// The notice area: validation notices (a bad value in the address, a setting the data set cannot take)
// and engine errors, visible until dismissed.

const MAX_NOTICES = 10;

export class Notices {
  constructor(root) {
    this.root = root;
    this.list = root.appendChild(document.createElement('ul'));
    const dismiss = root.appendChild(document.createElement('button'));
    dismiss.type = 'button';
    dismiss.textContent = 'Dismiss';
    dismiss.setAttribute('aria-label', 'Dismiss the notices');
    dismiss.addEventListener('click', () => this.clear());
    this.root.hidden = true;
  }

  add(text) {
    const item = document.createElement('li');
    item.textContent = text;
    this.list.append(item);
    while (this.list.children.length > MAX_NOTICES) this.list.firstElementChild.remove();
    this.root.hidden = false;
  }

  clear() {
    this.list.replaceChildren();
    this.root.hidden = true;
  }

  texts() {
    return [...this.list.children].map((li) => li.textContent);
  }
}
