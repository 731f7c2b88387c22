// The lead page: draws the lead's pipeline with bpmn-js's viewer and outlines the current
// stage; after htmx swaps the page's live part (a fact moved the lead on), outlines the new one.
(function () {
  'use strict';

  var viewer = null;
  var marked = null;

  function mark() {
    var live = document.getElementById('lead-live');
    var stage = live ? live.getAttribute('data-stage') : null;
    if (!viewer) {
      return;
    }
    var canvas = viewer.get('canvas');
    var elements = viewer.get('elementRegistry');
    if (marked && elements.get(marked)) {
      canvas.removeMarker(marked, 'pw-current');
    }
    marked = stage && elements.get(stage) ? stage : null;
    if (marked) {
      canvas.addMarker(marked, 'pw-current');
    }
    document.getElementById('lead-diagram').setAttribute('data-marked', marked || '');
  }

  function draw() {
    var container = document.getElementById('lead-diagram');
    if (!container || typeof window.BpmnJS !== 'function') {
      return;
    }
    viewer = new window.BpmnJS({ container: container });
    fetch(container.getAttribute('data-diagram'), { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('diagram: ' + response.status);
        }
        return response.text();
      })
      .then(function (xml) {
        return viewer.importXML(xml);
      })
      .then(function () {
        viewer.get('canvas').zoom('fit-viewport');
        mark();
        container.setAttribute('data-rendered', 'true');
      })
      .catch(function (error) {
        container.setAttribute('data-rendered', 'failed');
        container.textContent = error.message;
      });
  }

  document.addEventListener('DOMContentLoaded', draw);
  document.addEventListener('htmx:afterSettle', mark);
  // move focus to the result, so a keyboard or screen reader user hears what happened
  document.addEventListener('htmx:afterSettle', function () {
    var result = document.querySelector('#lead-live [role=status], #lead-live [role=alert]');
    if (result) {
      result.setAttribute('tabindex', '-1');
      result.focus();
    }
  });
}());
