// The runtime's buttons: a Korean label (the accessible name), an optional icon that is
// decoration only, `nl-btn` plus the caller's classes.

export interface ButtonSpec {
  label: string;
  /** Classes after `nl-btn`, e.g. "nl-btn--primary nl-btn--run". */
  className: string;
  onClick: () => void;
  title?: string;
  /** A symbol shown before the label, hidden from assistive technology. */
  icon?: string;
}

export function button({ label, className, onClick, title, icon }: ButtonSpec): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `nl-btn ${className}`;
  if (icon) {
    const mark = document.createElement("span");
    mark.className = "nl-btn__icon";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = icon;
    b.append(mark);
  }
  b.append(label);
  if (title) b.title = title;
  b.addEventListener("click", onClick);
  return b;
}
