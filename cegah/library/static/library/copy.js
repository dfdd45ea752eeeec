// Copy buttons for captions: without JavaScript the text stays selectable in its field.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  const field = document.getElementById(button.dataset.copyTarget);
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(field.value);
    button.textContent = button.dataset.copiedLabel;
  });
});
