// The notice area: validation notices (a bad value in the address, a setting the data set cannot take)
// and engine errors, visible until dismissed. Beyond the newest MAX_NOTICES, the older ones are folded
// into a count that is shown ("3 earlier notices hidden"), never dropped silently.

const MAX_NOTICES = 10;

export class Notices {
  constructor(root) {
    this.root = root;
    const body = root.appendChild(document.createElement('div'));
    body.className = 'notices-body';
    body.tabIndex = 0; // it scrolls when long (styles.css): reachable by keyboard
    this.body = body;
    this.folded = body.appendChild(document.createElement('p'));
    this.folded.className = 'notices-folded';
    this.folded.hidden = true;
    this.hiddenCount = 0;
    this.list = body.appendChild(document.createElement('ul'));
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
    while (this.list.children.length > MAX_NOTICES) {
      this.list.firstElementChild.remove();
      this.hiddenCount++;
    }
    this.folded.hidden = this.hiddenCount === 0;
    this.folded.textContent =
      this.hiddenCount === 1 ? '1 earlier notice hidden' : `${this.hiddenCount} earlier notices hidden`;
    this.root.hidden = false;
    this.body.scrollTop = this.body.scrollHeight; // the newest in view
  }

  clear() {
    this.list.replaceChildren();
    this.hiddenCount = 0;
    this.folded.hidden = true;
    this.root.hidden = true;
  }

  texts() {
    return [...this.list.children].map((li) => li.textContent);
  }
}
