// Progress and the result in place; without this script the form posts as a plain form.
(function () {
  var form = document.getElementById('convert');
  var status = document.getElementById('status');
  if (!form || !window.fetch || !window.FormData) return;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var button = form.querySelector('button');
    button.disabled = true;
    status.textContent = 'Working…';
    fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
      .then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        if (!response.ok || type.indexOf('text/html') === 0) {
          return response.text().then(function (html) {
            var page = new DOMParser().parseFromString(html, 'text/html');
            var message = page.querySelector('main p');
            status.textContent = message ? message.textContent : ('Failed: ' + response.status);
          });
        }
        var disposition = response.headers.get('Content-Disposition') || '';
        var match = /filename="([^"]*)"/.exec(disposition);
        return response.blob().then(function (blob) {
          var link = document.createElement('a');
          link.href = URL.createObjectURL(blob);
          link.download = match ? match[1] : 'book';
          link.textContent = 'Download ' + link.download;
          status.textContent = '';
          status.appendChild(link);
          link.click();
        });
      })
      .catch(function (error) { status.textContent = 'Failed: ' + error; })
      .then(function () { button.disabled = false; });
  });
})();
