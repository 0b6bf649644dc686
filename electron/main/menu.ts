// The application menu: the usual roles, so the usual shortcuts work (copy, paste, reload in
// development, zoom, full screen, quit).
import { Menu, app, shell, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    { label: '&File', submenu: [{ role: 'quit' }] },
    { label: '&Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
    {
      label: '&Help',
      submenu: [{ label: 'About Netns Studio', click: () => app.showAboutPanel() }, { label: 'Project page', click: () => void shell.openExternal('https://github.com/netns-studio/netns-studio') }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
