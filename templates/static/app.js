/*
 * itaku-guard: the one first-party script of the web UI (CSP `script-src 'self'`; no inline script anywhere).
 * Every page works without it; it only adds:
 *  1. a warning before the session ends for inactivity, with a button to stay signed in;
 *  2. refilling a form that was posted after the session had ended, from the data the server kept for the same
 *     user (a hidden element #kept-form with data attributes; data, never code);
 *  3. tables that stack on a phone: each cell is labelled with its column's heading (data-label), so the style
 *     sheet can show a row as a card of "heading: value" lines. Without the script a wide table scrolls sideways.
 */
(function () {
  'use strict';

  /** How long before the idle limit the warning shows: five minutes, or half the limit when it is shorter. */
  function leadSeconds(idleSeconds) {
    return Math.min(300, Math.floor(idleSeconds / 2));
  }

  function setupIdleWarning() {
    var idleSeconds = Number(document.body.getAttribute('data-idle-seconds'));
    if (!idleSeconds || idleSeconds <= 0) return;
    var warnTimer = null;
    var endTimer = null;
    var box = null;
    var message = null;
    var button = null;

    function ensureBox() {
      if (box) return;
      box = document.createElement('div');
      box.className = 'idle-warning';
      box.id = 'idle-warning';
      // An alert, not a modal dialog: focus stays where the user is typing; the alert is read out at once.
      box.setAttribute('role', 'alert');
      box.hidden = true;
      var title = document.createElement('p');
      title.id = 'idle-warning-title';
      title.className = 'idle-warning-title';
      title.textContent = 'まもなく自動的にサインアウトします';
      message = document.createElement('p');
      message.id = 'idle-warning-text';
      button = document.createElement('button');
      button.type = 'button';
      button.className = 'primary';
      button.textContent = 'サインインを続ける';
      button.addEventListener('click', staySignedIn);
      box.appendChild(title);
      box.appendChild(message);
      box.appendChild(button);
      document.body.appendChild(box);
    }

    function minutesText(seconds) {
      return seconds >= 60 ? 'あと約' + Math.round(seconds / 60) + '分' : 'あと' + seconds + '秒';
    }

    function showWarning() {
      ensureBox();
      var lead = leadSeconds(idleSeconds);
      message.textContent =
        '一定時間操作がないため、' +
        minutesText(lead) +
        'で自動的にサインアウトします。続けて作業する場合は、「サインインを続ける」を押してください。';
      button.hidden = false;
      box.hidden = false;
    }

    function showEnded() {
      ensureBox();
      box.querySelector('.idle-warning-title').textContent = '自動的にサインアウトしました';
      message.textContent =
        '入力中の内容は、保存のボタンを押すと保持され、再度サインインした後に復元されます。';
      button.hidden = true;
      box.hidden = false;
    }

    function schedule() {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(showWarning, (idleSeconds - leadSeconds(idleSeconds)) * 1000);
      endTimer = setTimeout(showEnded, idleSeconds * 1000);
    }

    function staySignedIn() {
      button.disabled = true;
      // Any signed-in request renews the session; this one is small and changes nothing.
      fetch('/api/auth/me', {
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { accept: 'application/json' },
      })
        .then(function (response) {
          button.disabled = false;
          if (response.ok) {
            box.hidden = true;
            schedule();
          } else {
            showEnded();
          }
        })
        .catch(function () {
          button.disabled = false;
          message.textContent =
            '通信できませんでした。ネットワークの状態を確認して、もう一度「サインインを続ける」を押してください。';
        });
    }

    ensureBox();
    schedule();
  }

  /** The kept form's values, put back into the form posted to the same address, field by field (by name). */
  function restoreKeptForm() {
    var holder = document.getElementById('kept-form');
    if (!holder) return;
    var fields;
    try {
      fields = JSON.parse(holder.getAttribute('data-fields') || '{}');
    } catch (e) {
      return;
    }
    var action = holder.getAttribute('data-action');
    var forms = document.querySelectorAll('form');
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      if (new URL(form.action, location.href).pathname !== action) continue;
      fill(form, fields);
    }
  }

  function fill(form, fields) {
    var elements = form.elements;
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      var type = (el.type || '').toLowerCase();
      if (!el.name || el.name === '_csrf') continue;
      if (!Object.prototype.hasOwnProperty.call(fields, el.name)) {
        // A checkbox left unticked is not posted at all: it was unticked when the form was sent.
        if (type === 'checkbox') el.checked = false;
        continue;
      }
      if (
        type === 'file' ||
        type === 'password' ||
        type === 'submit' ||
        type === 'button' ||
        type === 'reset'
      ) {
        continue;
      }
      var kept = fields[el.name];
      var values = Array.isArray(kept) ? kept : [kept];
      if (type === 'radio' || type === 'checkbox') {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.tagName === 'SELECT') {
        for (var j = 0; j < el.options.length; j++) {
          el.options[j].selected = values.indexOf(el.options[j].value) !== -1;
        }
      } else if (typeof kept === 'string') {
        el.value = kept;
      }
    }
  }

  /** Labels every body cell with the heading of its column, and marks the table as able to stack. */
  function labelTableCells() {
    var tables = document.querySelectorAll('.table-wrap > table');
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var headRow = table.tHead && table.tHead.rows[0];
      if (!headRow) continue;
      var headings = [];
      for (var h = 0; h < headRow.cells.length; h++) {
        var span = headRow.cells[h].colSpan || 1;
        for (var k = 0; k < span; k++)
          headings.push(headRow.cells[h].textContent.replace(/\s+/g, ' ').trim());
      }
      for (var b = 0; b < table.tBodies.length; b++) {
        var rows = table.tBodies[b].rows;
        for (var r = 0; r < rows.length; r++) {
          var column = 0;
          for (var c = 0; c < rows[r].cells.length; c++) {
            var cell = rows[r].cells[c];
            if (headings[column] && !cell.hasAttribute('data-label'))
              cell.setAttribute('data-label', headings[column]);
            column += cell.colSpan || 1;
          }
        }
      }
      table.classList.add('stackable');
    }
  }

  function start() {
    labelTableCells();
    restoreKeptForm();
    setupIdleWarning();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
