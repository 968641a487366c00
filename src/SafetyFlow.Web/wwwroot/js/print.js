// Buttons marked data-print open the browser's print dialog (the page's own print styles decide what is printed).
document.querySelectorAll('[data-print]').forEach(button => button.addEventListener('click', () => window.print()));
